package dev.ferry.cli;

import java.io.PrintStream;
import java.util.function.LongConsumer;

/**
 * A single self-overwriting progress line (bytes and rate) on a terminal; silent when stderr is
 * not a terminal, so logs and pipes stay clean.
 */
final class ProgressLine implements LongConsumer, AutoCloseable {
    private static final long REDRAW_NANOS = 250_000_000L;

    private final PrintStream out;
    private final boolean enabled;
    private final String label;
    private final long total;
    private final long start = System.nanoTime();
    private long done;
    private long lastDraw;
    private boolean drawn;

    /** @param total expected bytes, or -1 when unknown */
    ProgressLine(String label, long total) {
        this(System.err, System.console() != null, label, total);
    }

    ProgressLine(PrintStream out, boolean enabled, String label, long total) {
        this.out = out;
        this.enabled = enabled;
        this.label = label;
        this.total = total;
    }

    @Override
    public synchronized void accept(long bytes) {
        done += bytes;
        long now = System.nanoTime();
        if (enabled && now - lastDraw > REDRAW_NANOS) {
            lastDraw = now;
            draw(now);
        }
    }

    private void draw(long now) {
        double seconds = Math.max(1e-3, (now - start) / 1e9);
        String of = total > 0 ? " / " + Sizes.bytes(total) : "";
        out.print("\r" + label + "  " + Sizes.bytes(done) + of + "  " + Sizes.bytes((long) (done / seconds)) + "/s   ");
        out.flush();
        drawn = true;
    }

    @Override
    public synchronized void close() {
        if (drawn) {
            draw(System.nanoTime());
            out.println();
        }
    }
}
