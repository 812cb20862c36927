package dev.ferry.store;

/**
 * Named points in the publish sequence where crash tests stop a writer. When the system property
 * {@code ferry.crashpoint} names the point reached, the process announces it on stderr and waits
 * to be killed. When {@code ferry.holdpoint} names it, the process announces it and waits until
 * the file {@code ferry.holdfile} exists, then goes on: that lines up two writers for a race.
 * Otherwise this does nothing.
 */
public final class CrashPoints {
    public static final String PROPERTY = "ferry.crashpoint";
    public static final String HOLD = "ferry.holdpoint";
    public static final String HOLD_FILE = "ferry.holdfile";

    private CrashPoints() {
    }

    public static void reach(String point) {
        if (point.equals(System.getProperty(HOLD))) hold(point);
        if (!point.equals(System.getProperty(PROPERTY))) return;
        System.err.println("ferry: reached crash point " + point);
        System.err.flush();
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void hold(String point) {
        java.nio.file.Path release = java.nio.file.Path.of(System.getProperty(HOLD_FILE, "ferry-release"));
        System.err.println("ferry: holding at " + point + " until " + release + " exists");
        System.err.flush();
        while (!java.nio.file.Files.exists(release)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
