package dev.ferry.oci;

/**
 * A single {@code Range: bytes=…} request (RFC 9110 §14) resolved against a representation of
 * {@code size} bytes. Multiple ranges and other units are ignored (a full 200 answers them); a
 * range that starts past the end, or whose last position precedes its first, is unsatisfiable,
 * as the OCI conformance suite expects.
 */
public record ByteRange(long start, long end) {
    /** Marks a Range header that cannot be satisfied (416). */
    public static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

    public long length() {
        return end - start + 1;
    }

    /** @return null when the whole representation is to be sent */
    public static ByteRange parse(String header, long size) {
        if (header == null) return null;
        String h = header.trim();
        if (h.length() < 6 || !h.regionMatches(true, 0, "bytes=", 0, 6)) return null;
        String spec = h.substring(6).trim();
        if (spec.indexOf(',') >= 0) return null;
        int dash = spec.indexOf('-');
        if (dash < 0) return null;
        String first = spec.substring(0, dash).trim();
        String last = spec.substring(dash + 1).trim();
        if (first.isEmpty()) { // suffix: the last N bytes
            long n = number(last);
            if (n < 0) return null;
            if (n == 0 || size == 0) return UNSATISFIABLE;
            return new ByteRange(Math.max(0, size - n), size - 1);
        }
        long a = number(first);
        if (a < 0) return null;
        long b = last.isEmpty() ? Long.MAX_VALUE : number(last);
        if (b < 0 && !last.isEmpty()) return null;
        if (b < a || a >= size) return UNSATISFIABLE;
        return new ByteRange(a, Math.min(b, size - 1));
    }

    /** Digits only; values too large for a long saturate (they are past any end anyway). -1 if not a number. */
    private static long number(String s) {
        if (s.isEmpty() || s.length() > 40) return -1;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return -1;
        if (s.length() > 18) return Long.MAX_VALUE;
        return Long.parseLong(s);
    }

    /** The Content-Range value of a 206 reply. */
    public String contentRange(long size) {
        return "bytes " + start + "-" + end + "/" + size;
    }
}
