package dev.ferry.store;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A summary of a store for operators and monitoring.
 *
 * @param generation     current generation number (0 for an empty store)
 * @param paths          paths the current generation serves
 * @param blobs          blobs on disk
 * @param bytes          bytes of all blobs on disk
 * @param generations    generation numbers kept
 * @param lastImport     the newest import attempt, if any
 * @param lastSuccess    the newest successful import, if any
 */
public record StoreStatus(long generation, int paths, long blobs, long bytes, List<Long> generations,
                          Optional<JournalEntry> lastImport, Optional<JournalEntry> lastSuccess) {

    public static StoreStatus of(Store store) throws IOException {
        Generation current = store.current();
        long[] totals = {0, 0};
        IOException[] failure = {null};
        store.blobs().forEach(d -> {
            try {
                totals[0]++;
                totals[1] += store.blobs().size(d).orElse(0L);
            } catch (IOException e) {
                failure[0] = e;
            }
        });
        if (failure[0] != null) throw failure[0];
        Journal journal = store.journal();
        return new StoreStatus(current.number(), current.files().size(), totals[0], totals[1], store.catalog().list(),
                journal.latest(e -> "import".equals(e.action())),
                journal.latest(e -> "import".equals(e.action()) && e.succeeded()));
    }
}
