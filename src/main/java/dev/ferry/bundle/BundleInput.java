package dev.ferry.bundle;

import dev.ferry.importer.ImportInput;
import dev.ferry.importer.ImportOptions;
import dev.ferry.importer.ImportSink;
import dev.ferry.importer.InputFiles;
import dev.ferry.importer.InputKind;
import dev.ferry.store.CatalogPath;
import dev.ferry.core.Digest;
import dev.ferry.core.RejectedException;
import dev.ferry.store.StoreTransaction;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * A bundle as an import input. Staging reads the manifest and its signature, verifies the
 * signature against the trusted keys, checks expiry, the channel's replay state and a delta's base
 * — all before the first payload byte — then streams every blob into the store transaction, where
 * each is hashed and size-checked. The transaction publishes nothing unless all of it checked out.
 */
public final class BundleInput implements ImportInput {
    private final BundleSource source;
    private final ImportOptions options;
    private final Map<String, String> details = new TreeMap<>();

    public BundleInput(BundleSource source, ImportOptions options) {
        if (!options.prefix().isEmpty() || options.replace()) {
            throw new IllegalArgumentException("a bundle's manifest fixes its paths and what it replaces; --prefix and --replace do not apply");
        }
        this.source = source;
        this.options = options;
    }

    @Override
    public String describe() {
        return source.describe();
    }

    @Override
    public Map<String, String> details() {
        Map<String, String> all = new TreeMap<>(details);
        all.putAll(source.details());
        return all;
    }

    @Override
    public void stage(ImportSink sink) throws IOException {
        StoreTransaction txn = sink.transaction().orElse(null);
        if (txn == null && !sink.repairsOnly()) {
            throw new RejectedException(describe(), "a bundle cannot be packaged into another bundle; import it into a store and bundle that store");
        }
        BundleImportSettings settings = BundleImportSettings.of(options);
        Instant now = settings.clock().instant();
        try (InputStream in = source.open(); BundleReader reader = BundleReader.open(in, source.describe())) {
            details.put("compression", reader.compression().name().toLowerCase(java.util.Locale.ROOT));
            BundleReader.Header header = reader.readHeader();
            details.put("manifestSha256", Digest.ofBytes(header.manifest()).hex());
            VerifiedBundle bundle = VerifiedBundle.verify(header, settings.trust(), settings.allowUnsigned(), now);
            details.putAll(bundle.details());
            if (BundleFormat.DEFAULT_CHANNEL.equals(bundle.manifest().channel())) {
                details.put("warning", "bundle " + bundle.manifest().id() + " has no explicit channel (channel '"
                        + BundleFormat.DEFAULT_CHANNEL + "'): replay protection is shared with every other such bundle; "
                        + "give each release line its own with 'bundle create --channel'");
            }
            if (txn != null) bundle.checkAgainst(txn.base(), txn.store().catalog().channels(), settings.allowDowngrade());
            BundleManifest m = bundle.manifest();
            for (String prefix : m.replace()) sink.removeUnder(prefix);
            for (String path : m.remove()) sink.removeFile(CatalogPath.of(path));
            for (Map.Entry<String, BundleManifest.File> e : m.files().entrySet()) {
                BundleManifest.File f = e.getValue();
                sink.putFile(CatalogPath.of(e.getKey()), f.digest(), f.size(), f.mediaType(), f.family(), f.metadata());
            }
            for (String name : m.replaceTags()) sink.removeTags(name);
            for (var repo : m.repositories().entrySet()) sink.putRepository(repo.getKey(), repo.getValue());
            reader.readBlobs(m, (entry, digest, size, content) -> sink.putBlob(entry, () -> content, digest, size));
            if (txn != null) txn.recordChannel(m.channel(), bundle.channelRecord(now));
        }
    }

    /** Recognises bundle files (plain, .zst, .gz; a split bundle's index or first part) by content, not by name. */
    public static final class Kind implements InputKind {
        @Override
        public String name() {
            return "bundle";
        }

        @Override
        public String description() {
            return "a Ferry bundle file (" + BundleFormat.FORMAT + "), its first part or its " + SplitBundle.INDEX_SUFFIX + " index";
        }

        @Override
        public boolean recognizes(Path path) {
            if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) return false;
            if (SplitBundle.indexFor(path).isPresent()) return true;
            try (InputStream in = InputFiles.openRegular(path, path.toString()); BundleReader reader = BundleReader.open(in)) {
                return reader.startsLikeABundle();
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }

        @Override
        public ImportInput open(Path path, ImportOptions options) throws IOException {
            return new BundleInput(BundleSource.of(path), options);
        }
    }
}
