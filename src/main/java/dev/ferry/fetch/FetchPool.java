package dev.ferry.fetch;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs downloads at most {@code concurrency} at a time; the first failure cancels the rest. */
public final class FetchPool implements AutoCloseable {
    private final ExecutorService executor;

    public FetchPool(int concurrency) {
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "ferry-fetch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Every task's result, in order; the first task to fail (in order) has its exception rethrown. */
    public <T> List<T> runAll(List<? extends Callable<T>> tasks) throws IOException {
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> t : tasks) futures.add(executor.submit(t));
        List<T> out = new ArrayList<>();
        try {
            for (Future<T> f : futures) out.add(f.get());
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while downloading");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) throw io;
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            throw new IOException(c);
        } finally {
            for (Future<T> f : futures) f.cancel(true);
        }
    }

    /** Stops what still runs and waits for it: nothing may still write (into a work directory, say) once closed. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            while (!executor.awaitTermination(1, TimeUnit.SECONDS)) {
                // downloads stop at their next read once interrupted
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
