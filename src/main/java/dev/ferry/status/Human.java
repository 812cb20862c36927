package dev.ferry.status;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Quantities as people read them on a status page or terminal: "1.5 KiB", "3d 4h ago", "in 20h 5m". */
public final class Human {
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB"};

    private Human() {
    }

    /** 1023 B, 1.5 KiB, 12.0 MiB… */
    public static String bytes(long n) {
        if (n < 1024) return n + " B";
        double v = n;
        int i = -1;
        while (v >= 1024 && i < UNITS.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, UNITS[i]);
    }

    /** "3d 4h", "5h 12m", "7m", "40s" (sign ignored). */
    public static String duration(Duration d) {
        long s = Math.abs(d.toSeconds());
        if (s < 60) return s + "s";
        if (s < 3600) return s / 60 + "m";
        if (s < 86400) return s / 3600 + "h " + (s % 3600) / 60 + "m";
        return s / 86400 + "d " + (s % 86400) / 3600 + "h";
    }

    /** "3d 4h ago" for a past time, "in 20h 5m" for a future one, "" for none. */
    public static String relative(Instant time, Instant now) {
        if (time == null) return "";
        Duration d = Duration.between(time, now);
        return d.isNegative() ? "in " + duration(d) : duration(d) + " ago";
    }
}
