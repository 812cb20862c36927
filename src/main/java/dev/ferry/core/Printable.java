package dev.ferry.core;

/**
 * The one escaper for text that came from an input (entry and file names, manifest values, request
 * paths) before it reaches a terminal, a log line, a message or a page. Control characters (C0,
 * DEL, C1), bidirectional overrides and unpaired surrogates become {@code \xNN} / {@code \x{NNNN}}
 * so that no input can move the cursor, recolour a line or forge one. Long values are cut,
 * saying so.
 */
public final class Printable {
    /** Longest value shown whole; a name longer than this is an attack or a mistake either way. */
    public static final int MAX_CHARS = 300;

    private Printable() {
    }

    /** A name or value from an input: escaped, and cut after {@link #MAX_CHARS} characters. */
    public static String of(String value) {
        return escape(value, MAX_CHARS);
    }

    /** A whole message that may quote input: escaped, never cut. */
    public static String text(String value) {
        return escape(value, Integer.MAX_VALUE);
    }

    private static String escape(String value, int max) {
        if (value == null) return "";
        boolean cut = value.length() > max;
        String v = cut ? value.substring(0, max) : value;
        if (!cut && isSafe(v)) return v;
        StringBuilder sb = new StringBuilder(v.length() + 16);
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
                sb.append(String.format("\\x%02x", (int) c));
            } else if (Character.isHighSurrogate(c) && i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1))) {
                sb.append(c).append(v.charAt(++i));
            } else if (Character.isSurrogate(c) || isBidiControl(c)) {
                sb.append(String.format("\\x{%04x}", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (cut) sb.append("…(").append(value.length()).append(" characters)");
        return sb.toString();
    }

    /** True when the value holds nothing {@link #text} would escape. */
    public static boolean isSafe(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || Character.isSurrogate(c) || isBidiControl(c)) {
                return false;
            }
        }
        return true;
    }

    /** Embedding, override and isolate controls (and the marks), which reorder what a terminal shows. */
    private static boolean isBidiControl(char c) {
        return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f || c == 0x061c;
    }
}
