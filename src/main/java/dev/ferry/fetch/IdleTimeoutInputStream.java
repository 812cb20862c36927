package dev.ferry.fetch;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A body stream that fails when no byte arrives for {@code idle}: the JDK client only bounds the wait for the
 * headers, so a stalled body would otherwise block for ever. A watchdog closes the stream, which wakes the read.
 */
final class IdleTimeoutInputStream extends FilterInputStream {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ferry-fetch-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final long idleNanos;
    private final ScheduledFuture<?> check;
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean timedOut;

    IdleTimeoutInputStream(InputStream in, Duration idle) {
        super(in);
        this.idleNanos = idle.toNanos();
        long period = Math.max(10, Math.min(1000, idle.toMillis() / 4));
        this.check = WATCHDOG.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    private void check() {
        if (System.nanoTime() - lastProgress > idleNanos) {
            timedOut = true;
            check.cancel(false);
            try {
                in.close();
            } catch (IOException | RuntimeException ignored) {
                // the reader sees the close as an error, which is the point
            }
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            int n = in.read(b, off, len);
            if (timedOut) throw stalled();
            lastProgress = System.nanoTime();
            return n;
        } catch (IOException e) {
            if (timedOut) throw stalled();
            throw e;
        }
    }

    private HttpTimeoutException stalled() {
        return new HttpTimeoutException("no data for " + Duration.ofNanos(idleNanos).toMillis() + " ms");
    }

    @Override
    public void close() throws IOException {
        check.cancel(false);
        super.close();
    }
}
