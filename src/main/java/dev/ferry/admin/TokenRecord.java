package dev.ferry.admin;

import java.time.Instant;
import java.util.Set;

/**
 * One entry of the token file. Only the SHA-256 of the token is kept: the token itself is shown
 * once when it is made. Tokens are 256 random bits, so a plain hash cannot be brute-forced.
 *
 * @param sha256 hex SHA-256 of the token's UTF-8 text
 */
public record TokenRecord(String name, String sha256, Set<TokenScope> scopes, Instant created) {
    public TokenRecord {
        scopes = Set.copyOf(scopes);
    }
}
