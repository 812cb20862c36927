package dev.ferry.cli;

import java.util.Locale;

/** Human byte counts: 1023 B, 1.5 KiB, 12.0 MiB… */
final class Sizes {
    private Sizes() {
    }

    static String bytes(long n) {
        if (n < 1024) return n + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = n;
        int i = -1;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[i]);
    }
}
