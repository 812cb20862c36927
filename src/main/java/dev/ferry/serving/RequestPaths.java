package dev.ferry.serving;

import dev.ferry.store.CatalogPath;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the raw request path into a catalog path. Each segment is percent-decoded on its own
 * (RFC 3986): "%2B" becomes "+", a literal "+" stays "+", never a space. A segment that decodes
 * to something containing '/', '\', a control character, or that is "." or "..", and any
 * malformed escape or invalid UTF-8, is refused: such a request never reaches the catalog.
 * Empty segments ("//") are merged, as nginx does. Decoding happens exactly once, so "%252e"
 * is the three characters "%2e", never a dot. The decoded path is a {@link CatalogPath} (at most
 * 4096 bytes, segments at most 255) or the request is refused.
 */
public final class RequestPaths {
    public static final int MAX_PATH_BYTES = CatalogPath.MAX_BYTES;
    /** Every decoded byte may arrive as a three-character escape; anything longer cannot decode to a valid path. */
    private static final int MAX_RAW_LENGTH = 3 * MAX_PATH_BYTES + 1;

    private RequestPaths() {
    }

    /** A decoded request path: the catalog path (null for the root) and whether it ended in '/'. */
    public record Decoded(CatalogPath path, boolean directory) {
    }

    /** Thrown for a request path that must be refused with 400; the message says why. */
    public static final class BadPathException extends Exception {
        public BadPathException(String message) {
            super(message);
        }
    }

    public static Decoded decode(String rawPath) throws BadPathException {
        if (rawPath == null || !rawPath.startsWith("/")) throw new BadPathException("path must start with '/'");
        if (rawPath.length() > MAX_RAW_LENGTH) throw new BadPathException("path longer than " + MAX_PATH_BYTES + " bytes");
        if (rawPath.length() > 1 && needsNoDecoding(rawPath)) { // most requests: nothing to split, decode or merge
            boolean directory = rawPath.endsWith("/");
            try {
                return new Decoded(CatalogPath.of(rawPath.substring(1, rawPath.length() - (directory ? 1 : 0))), directory);
            } catch (CatalogPath.InvalidPathException e) {
                throw new BadPathException(e.reason());
            }
        }
        List<String> segments = new ArrayList<>();
        for (String raw : rawPath.split("/")) {
            if (raw.isEmpty()) continue;
            String segment = decodeSegment(raw);
            if (segment.equals(".") || segment.equals("..")) throw new BadPathException("'" + segment + "' segment");
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                if (c == '/' || c == '\\') throw new BadPathException("encoded '" + c + "' in a path segment");
                if (c < 0x20 || c == 0x7f) throw new BadPathException("control character in path");
            }
            segments.add(segment);
        }
        boolean directory = rawPath.endsWith("/");
        if (segments.isEmpty()) return new Decoded(null, true);
        try {
            return new Decoded(CatalogPath.of(String.join("/", segments)), directory);
        } catch (CatalogPath.InvalidPathException e) {
            throw new BadPathException(e.reason());
        }
    }

    /**
     * True when the path is already its own decoding: printable ASCII without escapes or
     * backslashes, no empty segment, and no "." or ".." segment.
     */
    private static boolean needsNoDecoding(String raw) {
        int segmentStart = 1;
        for (int i = 1; i <= raw.length(); i++) {
            char c = i < raw.length() ? raw.charAt(i) : '/';
            if (c == '/') {
                int length = i - segmentStart;
                if (length == 0 && i < raw.length()) return false;
                if (length == 1 && raw.charAt(segmentStart) == '.') return false;
                if (length == 2 && raw.charAt(segmentStart) == '.' && raw.charAt(segmentStart + 1) == '.') return false;
                segmentStart = i + 1;
            } else if (c == '%' || c == '\\' || c < 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static boolean plainAscii(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' || c >= 0x80) return false;
        }
        return true;
    }

    private static String decodeSegment(String raw) throws BadPathException {
        if (plainAscii(raw)) return raw;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) throw new BadPathException("truncated percent-escape");
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) throw new BadPathException("malformed percent-escape");
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c <= 0xff) {
                bytes.write(c); // the HTTP decoder hands raw request-line bytes over as ISO-8859-1 chars
            } else {
                throw new BadPathException("character outside the request-line byte range");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new BadPathException("percent-escapes are not valid UTF-8");
        }
    }
}
