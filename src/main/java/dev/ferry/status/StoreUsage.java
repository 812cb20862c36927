package dev.ferry.status;

import dev.ferry.store.BlobStore;
import dev.ferry.core.Digest;
import dev.ferry.store.Store;

import java.io.IOException;
import java.util.Set;

/**
 * Blobs on disk and their bytes, including those only older generations need; and of those, the
 * ones {@code ferry gc} with the configured keep would delete (reclaimable). Walks the store: not
 * on an event loop.
 */
public record StoreUsage(long blobs, long bytes, long reclaimableBlobs, long reclaimableBytes) {
    public static final StoreUsage UNKNOWN = new StoreUsage(0, 0, 0, 0);

    public StoreUsage(long blobs, long bytes) {
        this(blobs, bytes, 0, 0);
    }

    /** @param keepGenerations the keep {@code ferry gc} uses (config store.keepGenerations) */
    public static StoreUsage of(Store store, int keepGenerations) throws IOException {
        Set<Digest> kept = store.keptDigests(keepGenerations);
        BlobStore blobs = store.blobs();
        long[] totals = {0, 0, 0, 0};
        blobs.forEachSized((d, size) -> {
            totals[0]++;
            totals[1] += size;
            if (!kept.contains(d)) {
                totals[2]++;
                totals[3] += size;
            }
        });
        return new StoreUsage(totals[0], totals[1], totals[2], totals[3]);
    }
}
