package dev.ferry.bundle;

import dev.ferry.importer.DowngradeGuard;
import dev.ferry.importer.FreshnessRules;
import dev.ferry.importer.ImportOptions;
import dev.ferry.core.Digest;
import dev.ferry.store.Generation;
import dev.ferry.core.RejectedException;
import dev.ferry.store.Store;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * Checks a bundle completely without writing anything: structure, signature, expiry, every blob's
 * digest and size, and, when given a store, the channel's replay state and a delta's base against it.
 * It is what an admin runs on the USB stick before importing; an import repeats every check.
 */
public final class BundleVerifier {
    private BundleVerifier() {
    }

    /**
     * @param blobs blobs checked, {@code bytes} their total size
     */
    public record Report(VerifiedBundle bundle, BundleFormat.Compression compression, int blobs, long bytes,
                         Map<String, String> details) {
    }

    /** @param store null to skip the store-dependent checks */
    public static Report verify(BundleSource source, ImportOptions options, Store store, LongConsumer progress) throws IOException {
        BundleImportSettings settings = BundleImportSettings.of(options);
        Instant now = settings.clock().instant();
        long[] totals = {0, 0};
        VerifiedBundle bundle;
        BundleFormat.Compression compression;
        try (InputStream in = source.open(); BundleReader reader = BundleReader.open(in, source.describe())) {
            compression = reader.compression();
            bundle = VerifiedBundle.verify(reader.readHeader(), settings.trust(), settings.allowUnsigned(), now);
            if (store != null) {
                Generation current = store.current();
                bundle.checkAgainst(current, store.catalog().channels(), settings.allowDowngrade());
                if (!settings.allowDowngrade()) {
                    BundleOutcome after = BundleOutcome.of(current, bundle.manifest());
                    new DowngradeGuard(FreshnessRules.ALL).check(current, after.files(), after.repositories());
                }
            }
            byte[] buf = new byte[1 << 16];
            reader.readBlobs(bundle.manifest(), (entry, digest, size, content) -> {
                MessageDigest md = Digest.newMessageDigest();
                long n = 0;
                for (int r; (r = content.read(buf)) > 0; ) {
                    md.update(buf, 0, r);
                    n += r;
                    progress.accept(r);
                }
                Digest actual = Digest.of(md);
                if (n != size) throw new RejectedException(entry, "size mismatch: declared " + size + " bytes, got " + n);
                if (!actual.equals(digest)) {
                    throw new RejectedException(entry, "sha256 mismatch: expected " + digest.hex() + ", got " + actual.hex());
                }
                totals[0]++;
                totals[1] += n;
            });
        }
        Map<String, String> details = new TreeMap<>(bundle.details());
        details.putAll(source.details());
        return new Report(bundle, compression, (int) totals[0], totals[1], details);
    }
}
