package dev.ferry.admin;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The token in an Authorization header: {@code Bearer <token>}, or {@code Basic} with the token
 * as password (what OCI clients such as skopeo {@code --creds any:TOKEN} and oras send).
 */
public final class Credentials {
    private static final int MAX_HEADER = 4096;

    private Credentials() {
    }

    public static Optional<String> token(String authorization) {
        if (authorization == null || authorization.length() > MAX_HEADER) return Optional.empty();
        int space = authorization.indexOf(' ');
        if (space < 0) return Optional.empty();
        String scheme = authorization.substring(0, space).toLowerCase(Locale.ROOT);
        String value = authorization.substring(space + 1).trim();
        if (value.isEmpty()) return Optional.empty();
        if (scheme.equals("bearer")) return Optional.of(value);
        if (scheme.equals("basic")) {
            try {
                String pair = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                return colon < 0 || colon == pair.length() - 1 ? Optional.empty() : Optional.of(pair.substring(colon + 1));
            } catch (IllegalArgumentException notBase64) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
