package dev.ferry.store.s3;

import dev.ferry.core.Digest;
import dev.ferry.store.Generation;
import dev.ferry.store.Store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Opens (or creates) a store kept in an S3-compatible bucket. The bucket holds a marker object
 * {@code <prefix>ferry-store} ({@value Store#FORMAT}); the local state directory's marker names the
 * bucket and prefix, so one state directory never serves two stores.
 */
public final class S3Stores {
    static final String MARKER = Store.MARKER;

    private S3Stores() {
    }

    /** True when the bucket holds a store's marker under the prefix. */
    public static boolean exists(BucketSettings settings) throws IOException {
        try (S3Bucket bucket = S3Bucket.connect(settings)) {
            return bucket.head(MARKER).isPresent();
        }
    }

    /**
     * @param stateDir local state: lock, journal, transaction plans, staging, cache; made when
     *                 absent (or empty) once the bucket holds a store
     * @param create   make the bucket's marker when absent
     */
    public static Store open(Path stateDir, BucketSettings settings, boolean create, Clock clock) throws IOException {
        S3Bucket bucket = S3Bucket.connect(settings);
        try {
            requireBucket(bucket);
            // a state directory of another store is refused before anything is created
            if (Store.exists(stateDir)) Store.prepareState(stateDir, backendLine(settings), false);
            if (create) createMarker(bucket);
            requireMarker(bucket);
            // the bucket's marker decides whether the store exists; a new host (a replica starting
            // with an empty volume) gets its local state directory made here
            Path dir = Store.prepareState(stateDir, backendLine(settings), true);
            WriteProbe probe = new WriteProbe(bucket);
            S3BlobStore blobs = new S3BlobStore(bucket, dir, clock);
            S3CatalogStore catalog = new S3CatalogStore(bucket, dir, probe);
            blobs.currentReferences(new CurrentReferences(catalog)::get);
            return Store.assemble(dir, settings.location(), blobs, catalog, clock);
        } catch (IOException | RuntimeException e) {
            bucket.close();
            throw e;
        }
    }

    /** The local marker's backend line: the bucket and prefix, not the endpoint (which may be renamed). */
    static String backendLine(BucketSettings settings) {
        return "s3 " + settings.bucket() + "/" + settings.prefix();
    }

    private static void requireBucket(S3Bucket bucket) throws IOException {
        if (!bucket.bucketExists()) {
            throw new Store.NotAStoreException("bucket " + bucket.settings().bucket() + " does not exist at "
                    + (bucket.settings().endpoint() == null ? "AWS S3" : bucket.settings().endpoint().toString())
                    + "; create it first (Ferry never creates buckets), or check store.s3.bucket and store.s3.endpoint");
        }
    }

    private static void createMarker(S3Bucket bucket) throws IOException {
        if (bucket.head(MARKER).isPresent()) return;
        try {
            bucket.create(MARKER, (Store.FORMAT + "\n").getBytes(StandardCharsets.US_ASCII), Map.of());
        } catch (PreconditionFailedException createdMeanwhile) {
            // another replica's init won: the store exists, which is what was asked
        }
    }

    private static void requireMarker(S3Bucket bucket) throws IOException {
        String format;
        try (InputStream in = bucket.get(MARKER)) {
            format = new String(in.readNBytes(64), StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException none) {
            String where = bucket.settings().location();
            throw new Store.NotAStoreException(where + " is not a Ferry store (no " + bucket.key(MARKER) + " object); create a store"
                    + " with 'ferry init' and store.backend: s3 (or 'ferry import --create'), or check store.s3.bucket and store.s3.prefix");
        }
        if (!Store.FORMAT.equals(format)) {
            throw new IOException(bucket.settings().location() + " holds a store of unsupported format '" + format + "'");
        }
    }

    /** The digests of the generation the newest pointer names, recomputed only when that generation changes. */
    private static final class CurrentReferences {
        private final S3CatalogStore catalog;
        private long number = -1;
        private Set<Digest> digests = Set.of();

        CurrentReferences(S3CatalogStore catalog) {
            this.catalog = catalog;
        }

        synchronized Set<Digest> get() throws IOException {
            OptionalLong current = catalog.listedCurrent();
            long n = current.orElse(0);
            if (n != number) {
                Generation g = current.isPresent() ? catalog.read(n) : Generation.empty();
                digests = g.referencedDigests();
                number = n;
            }
            return digests;
        }
    }
}
