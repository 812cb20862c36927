package dev.ferry.pgp;

import java.nio.file.Path;
import java.time.Instant;

/**
 * Who made a verified signature.
 *
 * @param fingerprint    the certificate's (primary key's) fingerprint, upper-case hex: the identity to trust or revoke
 * @param keyFingerprint the fingerprint of the key that made the signature (the primary key or a signing subkey)
 * @param userId         the certificate's primary user id, or "" when it has none
 * @param signedAt       the signature's creation time
 * @param keyFile        the trusted-keys file the certificate came from
 */
public record SignerIdentity(String fingerprint, String keyFingerprint, String userId, Instant signedAt, Path keyFile) {
}
