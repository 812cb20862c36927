package dev.ferry.status;

import dev.ferry.store.BlobStore;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Blobs on disk and their bytes, including those only older generations need. Walks the store: not on an event loop. */
public record StoreUsage(long blobs, long bytes) {
    public static final StoreUsage UNKNOWN = new StoreUsage(0, 0);

    public static StoreUsage of(BlobStore store) throws IOException {
        long[] totals = {0, 0};
        try {
            store.forEach(d -> {
                try {
                    totals[1] += store.size(d).orElse(0L); // a blob collected meanwhile counts nothing
                    totals[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new StoreUsage(totals[0], totals[1]);
    }
}
