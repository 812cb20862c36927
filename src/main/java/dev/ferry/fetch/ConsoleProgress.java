package dev.ferry.fetch;

import java.io.PrintStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Progress for people: on a terminal one updating line per active download and a total line; elsewhere a plain
 * line per finished artifact ("fetched X (N bytes) from URL", "cached X").
 */
public final class ConsoleProgress implements FetchProgress {
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream out;
    private final boolean live;
    private final Map<String, long[]> active = new LinkedHashMap<>(); // artifact → {done, total}
    private long fetchedBytes;
    private int fetched;
    private int cached;
    private int drawnLines;
    private long lastDraw;

    public ConsoleProgress(PrintStream out, boolean live) {
        this.out = out;
        this.live = live;
    }

    /** Live lines when a terminal is attached, plain lines otherwise. */
    public static ConsoleProgress forStderr() {
        return new ConsoleProgress(System.err, System.console() != null);
    }

    @Override
    public synchronized void started(String artifact, URI url, long from, long total) {
        active.put(artifact, new long[]{from, total});
        draw(true);
    }

    @Override
    public synchronized void advanced(String artifact, long bytes) {
        long[] a = active.get(artifact);
        if (a != null) a[0] += bytes;
        fetchedBytes += bytes;
        draw(false);
    }

    @Override
    public synchronized void finished(String artifact, URI url, long size, boolean fromCache) {
        active.remove(artifact);
        if (fromCache) cached++;
        else fetched++;
        clear();
        out.println(fromCache ? "cached " + name(artifact) : "fetched " + name(artifact) + " (" + size + " bytes) from " + url);
        draw(true);
    }

    @Override
    public synchronized void failed(String artifact, URI url, String reason) {
        active.remove(artifact);
        clear();
        out.println("attempt failed: " + name(artifact) + ": " + dev.ferry.core.Printable.of(reason));
        draw(true);
    }

    private void draw(boolean force) {
        if (!live) return;
        long now = System.nanoTime();
        if (!force && now - lastDraw < REDRAW_NANOS) return;
        lastDraw = now;
        clear();
        for (Map.Entry<String, long[]> e : active.entrySet()) {
            long[] a = e.getValue();
            String pct = a[1] > 0 ? String.format(" %3d%%", a[0] * 100 / a[1]) : "";
            out.println("  " + name(e.getKey()) + " " + human(a[0]) + (a[1] >= 0 ? " / " + human(a[1]) : "") + pct);
        }
        out.println("  total: " + fetched + " fetched, " + cached + " cached, " + human(fetchedBytes) + " downloaded");
        drawnLines = active.size() + 1;
        out.flush();
    }

    private void clear() {
        if (!live || drawnLines == 0) return;
        out.print("\033[" + drawnLines + "A\033[J"); // up over the live block, erase to the end
        drawnLines = 0;
    }

    private static String name(String artifact) {
        return dev.ferry.core.Printable.of(artifact);
    }

    static String human(long n) {
        if (n < 1024) return n + " B";
        if (n < 1024 * 1024) return String.format("%.1f KiB", n / 1024.0);
        if (n < 1024L * 1024 * 1024) return String.format("%.1f MiB", n / (1024.0 * 1024));
        return String.format("%.2f GiB", n / (1024.0 * 1024 * 1024));
    }
}
