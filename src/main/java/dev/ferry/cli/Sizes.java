package dev.ferry.cli;

/** Human byte counts: 1023 B, 1.5 KiB, 12.0 MiB… */
final class Sizes {
    private Sizes() {
    }

    /** Parses "4000M", "1G", "512K", "100000" (binary units; an optional "iB" or "B" is accepted). */
    static long parse(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\s*([KMGT]?)(?:i?B)?", java.util.regex.Pattern.CASE_INSENSITIVE)
                .matcher(text.trim());
        if (!m.matches()) throw new IllegalArgumentException("not a size: '" + text + "' (e.g. 4000M, 2G, 65536)");
        int shift = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> 0;
        };
        long value = Long.parseLong(m.group(1));
        if (value > (Long.MAX_VALUE >> shift)) throw new IllegalArgumentException("size too large: " + text);
        return value << shift;
    }

    static String bytes(long n) {
        return dev.ferry.status.Human.bytes(n);
    }
}
