package dev.ferry.http;

import dev.ferry.core.Printable;

import java.nio.charset.StandardCharsets;

/** Catalog paths back into URLs, for links and redirects: each segment percent-encoded on its own. */
final class PathEncoding {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PathEncoding() {
    }

    /**
     * Encodes one segment, keeping the unreserved characters and the sub-delimiters that are
     * common in file names ({@code + ~ ! $ & ' ( ) * , ; =} and {@code @}) as they are. ':' is
     * encoded so that a relative link such as {@code javascript:x} can never read as a scheme.
     */
    static String segment(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~!$&'()*+,;=@".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    /** An absolute URL path for a catalog path ("" = the root), always with exactly one leading slash. */
    static String absolute(String catalogPath, boolean directory) {
        StringBuilder out = new StringBuilder("/");
        if (!catalogPath.isEmpty()) {
            String[] segments = catalogPath.split("/");
            for (int i = 0; i < segments.length; i++) {
                if (i > 0) out.append('/');
                out.append(segment(segments[i]));
            }
            if (directory) out.append('/');
        }
        return out.toString();
    }

    /** Escapes text for HTML element content and quoted attribute values; control characters show as {@link Printable} escapes. */
    static String html(String text) {
        String s = Printable.text(text);
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
