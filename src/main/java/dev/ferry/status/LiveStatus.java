package dev.ferry.status;

import dev.ferry.store.Generation;
import dev.ferry.store.LiveCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A running server's view of its store, kept current off the event loop: the catalog view of the
 * served generation (rebuilt when it changes), the journal's activity (followed incrementally) and
 * the store's size (measured again after either changed). Readers get immutable snapshots.
 */
public final class LiveStatus {
    private static final Logger LOG = LoggerFactory.getLogger(LiveStatus.class);

    private final LiveCatalog catalog;
    private final JournalFollower journal;
    private final List<StatusSection> sections;
    private final int keepGenerations;
    private final List<Consumer<CatalogView>> listeners = new CopyOnWriteArrayList<>();
    private volatile CatalogView view;
    private volatile StoreUsage usage = StoreUsage.UNKNOWN;
    private long measuredAt = -1;
    /** Set after the first journal poll: the history it reads is covered by the first measurement. */
    private volatile boolean historyRead;
    /** The first walk over the blobs, started at once so that it overlaps reading the first generation. */
    private java.util.concurrent.CompletableFuture<StoreUsage> firstUsage;

    /**
     * @param sections        the families' status sections, in family order
     * @param keepGenerations what {@code ferry gc} keeps (store.keepGenerations), for the reclaimable bytes
     */
    public LiveStatus(LiveCatalog catalog, List<StatusSection> sections, int keepGenerations) {
        this.sections = List.copyOf(sections);
        this.catalog = catalog;
        this.keepGenerations = keepGenerations;
        this.journal = new JournalFollower(catalog.store().journal());
        this.view = CatalogView.of(Generation.empty(), catalog.store().blobs());
        this.firstUsage = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return StoreUsage.of(catalog.store(), keepGenerations);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, runnable -> {
            Thread t = new Thread(runnable, "ferry-store-usage");
            t.setDaemon(true);
            t.start();
        });
        catalog.onChange(this::generationChanged);
        journal.onChange(a -> {
            // admin audit lines and verifications change no blob; the journal's first reading is
            // its history, which the measurement made for the first generation already covers
            if (historyRead && a.blobChanges() != measuredAt) measure();
            measuredAt = a.blobChanges();
        });
    }

    public LiveCatalog catalog() {
        return catalog;
    }

    public JournalFollower journal() {
        return journal;
    }

    public CatalogView view() {
        return view;
    }

    public StoreUsage usage() {
        return usage;
    }

    /** Called with each new catalog view, on the refreshing thread. */
    public void onChange(Consumer<CatalogView> listener) {
        listeners.add(listener);
    }

    /** Follows the store: a new generation, new journal lines. Blocking I/O; true when anything changed. */
    public boolean refresh() throws IOException {
        boolean generation = catalog.refresh();
        boolean lines = journal.poll();
        historyRead = true;
        return lines || generation;
    }

    private void generationChanged(Generation g) {
        CatalogView next = CatalogView.of(g, catalog.store().blobs());
        view = next;
        measure();
        for (Consumer<CatalogView> l : listeners) l.accept(next);
    }

    private synchronized void measure() {
        try {
            if (firstUsage != null) {
                var first = firstUsage;
                firstUsage = null;
                try {
                    usage = first.join();
                    return;
                } catch (java.util.concurrent.CompletionException e) {
                    // measured again below
                }
            }
            usage = StoreUsage.of(catalog.store(), keepGenerations);
        } catch (IOException e) {
            LOG.warn("cannot measure the store: {}", e.getMessage());
        }
    }

    /** Everything the catalog page and the status API show, as of {@code now}. */
    public StatusReport report(Instant now) {
        Generation g = catalog.current();
        Map<String, List<Map<String, Object>>> parts = new LinkedHashMap<>();
        for (StatusSection s : sections) parts.put(s.key(), s.entries(g));
        return new StatusReport(now, view, journal.current(), usage, parts);
    }
}
