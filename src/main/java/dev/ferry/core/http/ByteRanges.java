package dev.ferry.core.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A Range request header (RFC 9110 §14.2) read against a representation of a known size.
 * Mirrors nginx where the RFC leaves a choice: a header that is malformed, uses another unit or
 * asks for more ranges than allowed is ignored (the whole representation, 200); ranges that all
 * start at or beyond the end are unsatisfiable (416); the rest are clamped to the end, sorted,
 * and overlapping or adjacent ones merged, so no request can make a response larger than the
 * representation plus part headers.
 */
public final class ByteRanges {
    private static final String UNIT = "bytes=";

    private ByteRanges() {
    }

    /** An inclusive byte range, as in a Content-Range header. */
    public record Range(long first, long last) {
        public long length() {
            return last - first + 1;
        }

        public String contentRange(long size) {
            return "bytes " + first + "-" + last + "/" + size;
        }
    }

    /** What a Range header means for the response. */
    public sealed interface Outcome permits Whole, Unsatisfiable, Partial {
    }

    /** No usable Range: answer with the whole representation. */
    public record Whole() implements Outcome {
    }

    /** Every range starts beyond the end: 416 with {@code Content-Range: bytes *}{@code /size}. */
    public record Unsatisfiable() implements Outcome {
    }

    /** One or more satisfiable, sorted, non-overlapping ranges: 206. */
    public record Partial(List<Range> ranges) implements Outcome {
        public Partial {
            ranges = List.copyOf(ranges);
        }
    }

    private static final Whole WHOLE = new Whole();

    public static Outcome parse(String header, long size, int maxRanges) {
        if (header == null || maxRanges <= 0 || size == 0) return WHOLE; // an empty file has no byte to point at
        String h = header.trim();
        if (h.length() < UNIT.length() || !h.substring(0, UNIT.length()).toLowerCase(Locale.ROOT).equals(UNIT)) {
            return WHOLE;
        }
        List<Range> satisfiable = new ArrayList<>();
        int specs = 0;
        for (String element : h.substring(UNIT.length()).split(",", -1)) {
            String spec = element.trim();
            if (spec.isEmpty()) continue; // empty list elements are allowed (RFC 9110 §5.6.1)
            if (++specs > maxRanges) return WHOLE;
            int dash = spec.indexOf('-');
            if (dash < 0) return WHOLE;
            String from = spec.substring(0, dash);
            String to = spec.substring(dash + 1);
            if (from.isEmpty()) {
                long suffix = digits(to);
                if (suffix < 0) return WHOLE;
                if (suffix > 0) satisfiable.add(new Range(Math.max(0, size - suffix), size - 1));
                continue;
            }
            long first = digits(from);
            long last = to.isEmpty() ? Long.MAX_VALUE : digits(to);
            if (first < 0 || last < 0 || last < first) return WHOLE;
            if (first < size) satisfiable.add(new Range(first, Math.min(last, size - 1)));
        }
        if (specs == 0) return WHOLE;
        if (satisfiable.isEmpty()) return new Unsatisfiable();
        return new Partial(merge(satisfiable));
    }

    /** A run of ASCII digits as a number (saturating at Long.MAX_VALUE), or -1 when it is anything else. */
    private static long digits(String s) {
        if (s.isEmpty()) return -1;
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            n = n > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : n * 10 + (c - '0');
        }
        return n;
    }

    private static List<Range> merge(List<Range> ranges) {
        ranges.sort(Comparator.comparingLong(Range::first));
        List<Range> merged = new ArrayList<>();
        Range current = ranges.get(0);
        for (Range r : ranges.subList(1, ranges.size())) {
            if (r.first() <= current.last() + 1) {
                current = new Range(current.first(), Math.max(current.last(), r.last()));
            } else {
                merged.add(current);
                current = r;
            }
        }
        merged.add(current);
        return merged;
    }
}
