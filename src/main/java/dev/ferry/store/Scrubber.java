package dev.ferry.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A running server's background scrub: every {@code interval} it re-hashes the whole store on a
 * thread of its own (never an event loop, never the shared worker pool, which serves requests)
 * and journals the outcome as {@code ferry verify} does. The schedule follows the journal: a run
 * is due an interval after the last verification by anyone, so restarts neither repeat a recent
 * scrub nor postpone one forever, and a {@code ferry verify} in between counts.
 */
public final class Scrubber implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Scrubber.class);
    /** Earliest first run after start, so a restarting server does not start with a full re-hash. */
    private static final Duration START_DELAY = Duration.ofMinutes(1);
    public static final String SOURCE = "scrub";

    private final Store store;
    private final Duration interval;
    private final Supplier<Instant> lastRun;
    private final ScheduledExecutorService executor;
    private volatile boolean closed;

    /** @param lastRun when the newest verification (by anyone) ended, null if never */
    public Scrubber(Store store, Duration interval, Supplier<Instant> lastRun) {
        this.store = store;
        this.interval = interval;
        this.lastRun = lastRun;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ferry-scrub");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
    }

    public void start() {
        schedule(delay(lastRun.get(), Instant.now(), true));
    }

    /** How long until the next run is due, given the last one (null = never). */
    Duration delay(Instant last, Instant now, boolean starting) {
        Duration min = starting ? (interval.compareTo(START_DELAY) < 0 ? interval : START_DELAY) : Duration.ZERO;
        if (last == null) return starting ? interval : min;
        Duration due = Duration.between(now, last.plus(interval));
        if (due.compareTo(min) < 0) return min;
        return due.compareTo(interval) > 0 ? interval : due;
    }

    private void schedule(Duration delay) {
        if (closed) return;
        try {
            executor.schedule(this::runIfDue, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // closed meanwhile
        }
    }

    private void runIfDue() {
        Duration wait = delay(lastRun.get(), Instant.now(), false);
        if (!wait.isZero()) { // someone verified meanwhile (ferry verify): due later
            schedule(wait);
            return;
        }
        try {
            LOG.info("scrub: re-hashing the store");
            StoreVerifier.Report r = VerifyRuns.run(store, SOURCE, bytes -> {
                if (closed) throw new CancellationException("server stopping");
            });
            if (r.clean()) {
                LOG.info("scrub: {} blobs ({} bytes) intact", r.blobsChecked(), r.bytesChecked());
            } else {
                LOG.warn("scrub: {} problems in {} blobs; damaged blobs are quarantined (no longer served): `ferry verify` "
                        + "lists them, `ferry repair --from BUNDLE` restores them. First: {}", r.problems().size(), r.blobsChecked(),
                        r.problems().get(0));
            }
        } catch (CancellationException stopping) {
            return;
        } catch (Exception e) {
            LOG.warn("scrub failed: {}", e.toString());
        }
        schedule(interval);
    }

    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
    }
}
