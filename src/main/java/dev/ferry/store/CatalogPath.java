package dev.ferry.store;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A path under which the catalog publishes content: relative, '/'-separated, already decoded.
 * Construction is the only validation point, so a value of this type can never name a parent
 * directory, an absolute location, or a segment that a file system or URL parser would reinterpret.
 */
public record CatalogPath(String value) implements Comparable<CatalogPath> {
    public static final int MAX_BYTES = 4096;
    public static final int MAX_SEGMENT_BYTES = 255;

    public CatalogPath {
        String reason = problem(value);
        if (reason != null) {
            throw new InvalidPathException(value, reason);
        }
    }

    @JsonCreator
    public static CatalogPath of(String value) {
        return new CatalogPath(value);
    }

    /** Joins a prefix (may be empty) and a relative path, validating the result. */
    public static CatalogPath of(String prefix, String relative) {
        if (prefix == null || prefix.isEmpty()) return of(relative);
        return of(stripSlashes(prefix) + "/" + relative);
    }

    /** Returns why {@code value} is not a valid catalog path, or null when it is. */
    public static String problem(String value) {
        if (value == null || value.isEmpty()) return "empty path";
        if (isPlainAscii(value)) return null;
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) return "path longer than " + MAX_BYTES + " bytes";
        if (value.startsWith("/")) return "absolute path";
        if (value.endsWith("/")) return "trailing slash";
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') return "backslash in path";
            if (c < 0x20 || c == 0x7f) return "control character in path";
        }
        for (String segment : value.split("/", -1)) {
            if (segment.isEmpty()) return "empty path segment";
            if (segment.equals(".") || segment.equals("..")) return "'" + segment + "' segment";
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                return "path segment longer than " + MAX_SEGMENT_BYTES + " bytes";
            }
        }
        return null;
    }

    /**
     * The common case in one pass without allocating: printable ASCII without a backslash, no empty,
     * '.' or '..' segment, within the length limits (one byte per char). Anything else takes the
     * full check, which names the reason. Reading a 100k-entry catalog validates every path.
     */
    private static boolean isPlainAscii(String value) {
        int n = value.length();
        if (n > MAX_BYTES) return false;
        int segmentStart = 0;
        for (int i = 0; i <= n; i++) {
            char c = i < n ? value.charAt(i) : '/';
            if (c == '/') {
                int len = i - segmentStart;
                if (len == 0 || len > MAX_SEGMENT_BYTES) return false;
                if (value.charAt(segmentStart) == '.' && (len == 1 || len == 2 && value.charAt(segmentStart + 1) == '.')) return false;
                segmentStart = i + 1;
            } else if (c < 0x20 || c >= 0x7f || c == '\\') {
                return false;
            }
        }
        return true;
    }

    public List<String> segments() {
        return Arrays.asList(value.split("/"));
    }

    public String fileName() {
        int slash = value.lastIndexOf('/');
        return slash < 0 ? value : value.substring(slash + 1);
    }

    /** The directory part, or "" at the top level. */
    public String parentDirectory() {
        int slash = value.lastIndexOf('/');
        return slash < 0 ? "" : value.substring(0, slash);
    }

    /** True when this path lies under the directory {@code prefix} (given without trailing slash). */
    public boolean isUnder(String prefix) {
        String p = stripSlashes(prefix);
        return p.isEmpty() || value.startsWith(p + "/");
    }

    public CatalogPath resolveSibling(String fileName) {
        String dir = parentDirectory();
        return of(dir.isEmpty() ? fileName : dir + "/" + fileName);
    }

    static String stripSlashes(String s) {
        int start = 0, end = s.length();
        while (start < end && s.charAt(start) == '/') start++;
        while (end > start && s.charAt(end - 1) == '/') end--;
        return s.substring(start, end);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }

    @Override
    public int compareTo(CatalogPath o) {
        return value.compareTo(o.value);
    }

    /** Thrown for a value that cannot be a catalog path; names the value and the reason. */
    public static final class InvalidPathException extends IllegalArgumentException {
        private final String reason;

        public InvalidPathException(String value, String reason) {
            super("invalid path '" + dev.ferry.core.Printable.of(value) + "': " + reason);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }
}
