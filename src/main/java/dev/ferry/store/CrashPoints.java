package dev.ferry.store;

/**
 * Named points in the publish sequence where crash tests stop a writer. When the system property
 * {@code ferry.crashpoint} names the point reached, the process announces it on stderr and waits
 * to be killed; otherwise this does nothing.
 */
public final class CrashPoints {
    public static final String PROPERTY = "ferry.crashpoint";

    private CrashPoints() {
    }

    public static void reach(String point) {
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
}
