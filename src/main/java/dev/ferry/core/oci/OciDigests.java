package dev.ferry.core.oci;

import dev.ferry.core.Digest;

import java.util.regex.Pattern;

/**
 * Digest strings as OCI writes them ({@code algorithm:encoded}). Ferry's store holds SHA-256 only,
 * so a well-formed digest of another algorithm is a different failure from a malformed one.
 */
public final class OciDigests {
    private static final Pattern GRAMMAR = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");
    private static final Pattern REGISTERED_SHA512 = Pattern.compile("sha512:[a-f0-9]{128}");

    private OciDigests() {
    }

    /** Why {@code text} is not a usable digest, or null when it is one Ferry can store. */
    public static String problem(String text) {
        if (text == null || !GRAMMAR.matcher(text).matches()) return "malformed digest '" + abbreviate(text) + "'";
        String algorithm = text.substring(0, text.indexOf(':'));
        if (algorithm.equals(Digest.ALGORITHM)) {
            try {
                Digest.parse(text);
                return null;
            } catch (IllegalArgumentException e) {
                return "malformed sha256 digest '" + abbreviate(text) + "' (64 lowercase hex digits expected)";
            }
        }
        if (REGISTERED_SHA512.matcher(text).matches()) {
            return "digest algorithm sha512 is not supported (Ferry stores sha256 content only)";
        }
        return "unknown digest algorithm '" + abbreviate(algorithm) + "'";
    }

    /** True when {@code text} follows the digest grammar, whatever its algorithm. */
    public static boolean wellFormed(String text) {
        return text != null && GRAMMAR.matcher(text).matches();
    }

    public static String abbreviate(String s) {
        if (s == null) return "null";
        return s.length() > 100 ? s.substring(0, 100) + "…" : s;
    }
}
