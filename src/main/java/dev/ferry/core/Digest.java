package dev.ferry.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** A SHA-256 content digest; the only algorithm the store accepts. Text form: {@code sha256:<64 lowercase hex>}. */
public record Digest(String hex) implements Comparable<Digest> {
    public static final String ALGORITHM = "sha256";
    public Digest {
        if (!isHex64(hex)) {
            throw new IllegalArgumentException("not a sha256 hex digest: " + abbreviate(hex));
        }
    }

    /** Parses {@code sha256:<hex>}; any other algorithm or shape is refused. */
    @JsonCreator
    public static Digest parse(String text) {
        if (text == null || !text.startsWith(ALGORITHM + ":")) {
            throw new IllegalArgumentException("not a sha256 digest: " + abbreviate(text));
        }
        return new Digest(text.substring(ALGORITHM.length() + 1));
    }

    /** Accepts hex in either case, as checksum files written by other tools may use upper case. */
    public static Digest ofHex(String hex) {
        return new Digest(hex == null ? null : hex.toLowerCase(java.util.Locale.ROOT));
    }

    public static Digest of(byte[] raw) {
        return new Digest(HexFormat.of().formatHex(raw));
    }

    public static Digest of(MessageDigest finished) {
        return of(finished.digest());
    }

    public static Digest ofBytes(byte[] content) {
        MessageDigest md = newMessageDigest();
        md.update(content);
        return of(md);
    }

    public static MessageDigest newMessageDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    public byte[] bytes() {
        return HexFormat.of().parseHex(hex);
    }

    public String base64() {
        return Base64.getEncoder().encodeToString(bytes());
    }

    @JsonValue
    @Override
    public String toString() {
        return ALGORITHM + ":" + hex;
    }

    @Override
    public int compareTo(Digest other) {
        return hex.compareTo(other.hex);
    }

    /** 64 lowercase hex digits; a loop, as a regex costs a measurable share of reading a 100k-entry catalog. */
    private static boolean isHex64(String s) {
        if (s == null || s.length() != 64) return false;
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) return false;
        }
        return true;
    }

    private static String abbreviate(String s) {
        if (s == null) return "null";
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
