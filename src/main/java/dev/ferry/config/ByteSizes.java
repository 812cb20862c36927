package dev.ferry.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes as people write them: "512MiB", "64GiB", "1TiB", "4096" (bytes), or split(1)-style "4000M", "2G" (binary too). */
public final class ByteSizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB|TiB|K|M|G|T)?");

    private ByteSizes() {
    }

    public static long parse(String text) {
        Matcher m = SIZE.matcher(text == null ? "" : text.trim());
        if (!m.matches()) throw new IllegalArgumentException("'" + text + "' is not a size (use e.g. 4096, 512MiB, 64GiB)");
        long n = Long.parseLong(m.group(1));
        int shift = switch (m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT)) {
            case "KIB", "K" -> 10;
            case "MIB", "M" -> 20;
            case "GIB", "G" -> 30;
            case "TIB", "T" -> 40;
            default -> 0;
        };
        if (n > (Long.MAX_VALUE >> shift)) throw new IllegalArgumentException("'" + text + "' is too large");
        return n << shift;
    }
}
