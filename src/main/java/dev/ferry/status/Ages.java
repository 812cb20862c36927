package dev.ferry.status;

import java.time.Duration;
import java.time.Instant;

/** Times relative to now as people read them on a status page: "3d 4h ago", "in 20h 5m". */
public final class Ages {
    private Ages() {
    }

    /** "3d 4h", "5h 12m", "7m", "40s". */
    public static String human(Duration d) {
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
        return d.isNegative() ? "in " + human(d) : human(d) + " ago";
    }
}
