package dev.ferry.store;

import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The generation a server is serving. Readers take {@link #current()} once per request and use
 * that snapshot throughout, so a request never mixes two generations. {@link #refresh()} follows
 * the store's pointer; it blocks on I/O and must not run on an event loop.
 */
public final class LiveCatalog {
    private final Store store;
    private final AtomicReference<Generation> current = new AtomicReference<>();
    /** The generation the store's pointer named at the last completed check (-1 before the first). */
    private volatile long pointed = -1;
    private final List<Consumer<Generation>> listeners = new CopyOnWriteArrayList<>();

    public LiveCatalog(Store store) {
        this.store = store;
    }

    public Store store() {
        return store;
    }

    /** The generation being served, or null before the first load. */
    public Generation current() {
        return current.get();
    }

    /**
     * Ready once the generation the store's pointer named at the last check is the one served: a
     * replica that has not loaded the current generation yet (or cannot) is taken out of the
     * Service's endpoints instead of answering with an older catalog than its peers. When the
     * store cannot be reached at all the replica stays ready with what it holds.
     */
    public boolean ready() {
        Generation serving = current.get();
        return serving != null && serving.number() == pointed;
    }

    /** The generation the store's pointer named at the last check, or -1 before the first. */
    public long pointed() {
        return pointed;
    }

    /** Called with each newly loaded generation (on the refreshing thread), just before it is served. */
    public void onChange(Consumer<Generation> listener) {
        listeners.add(listener);
    }

    /** Loads the generation the pointer names if it is not the one being served; true if it changed. */
    public synchronized boolean refresh() throws IOException {
        OptionalLong pointer = store.catalog().current();
        Generation serving = current.get();
        long wanted = pointer.orElse(0);
        if (serving != null && serving.number() == wanted) {
            pointed = wanted;
            return false;
        }
        Generation next;
        try {
            next = pointer.isPresent() ? store.catalog().read(wanted) : Generation.empty();
        } catch (IOException | RuntimeException e) {
            pointed = wanted; // the store moved on and this replica could not follow: not ready
            throw e;
        }
        // Listeners first: once current() (and so ferry_catalog_generation) says N, everything
        // derived from generation N (metrics, status) already describes it.
        for (Consumer<Generation> l : listeners) l.accept(next);
        current.set(next);
        pointed = wanted; // only now: a replica stays ready with the previous generation while it loads the next
        return true;
    }
}
