package dev.ferry.status;

import dev.ferry.store.Journal;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Follows the store's journal as other processes ({@code ferry import}, {@code ferry verify}, the
 * scrub) append to it: each {@link #poll()} reads only the lines added since the previous one.
 * Polling does file I/O and must not run on an event loop; {@link #current()} may be read anywhere.
 */
public final class JournalFollower {
    private final Journal journal;
    private final List<Consumer<Activity>> listeners = new CopyOnWriteArrayList<>();
    private Activity.Accumulator accumulator = new Activity.Accumulator();
    private long offset;
    private volatile Activity current = Activity.NONE;

    public JournalFollower(Journal journal) {
        this.journal = journal;
    }

    public Activity current() {
        return current;
    }

    /** Called with each new summary, on the polling thread. */
    public void onChange(Consumer<Activity> listener) {
        listeners.add(listener);
    }

    /** Reads what was appended since the last poll; true when there was something. */
    public synchronized boolean poll() throws IOException {
        long next = journal.readFrom(offset, accumulator::accept);
        if (next < 0) { // replaced by a shorter file: start over, totals included
            accumulator = new Activity.Accumulator();
            next = journal.readFrom(0, accumulator::accept);
            offset = -1;
        }
        if (next == offset) return false;
        offset = next;
        Activity now = accumulator.snapshot();
        current = now;
        for (Consumer<Activity> l : listeners) l.accept(now);
        return true;
    }
}
