package dev.ferry.bundle;

import java.time.Instant;
import java.util.List;

/**
 * Where one carried artifact came from and what vouched for its bytes when it was fetched.
 *
 * @param upstream  the URL or OCI reference fetched
 * @param digest    what it resolved to upstream (manifest digest, or the sha256 of the bytes fetched)
 * @param verified  {@code sha256}, {@code sha512}, {@code pgp:<signer fingerprint>}, {@code oci-digest},
 *                  {@code tofu-tls} (no upstream checksum: only TLS vouched for the bytes)
 * @param published catalog paths or {@code repository:tag} it is published as
 */
public record Provenance(String artifact, String upstream, String digest, List<String> verified, Instant fetched,
                         List<String> published) {
    public Provenance {
        verified = verified == null ? List.of() : List.copyOf(verified);
        published = published == null ? List.of() : List.copyOf(published);
    }
}
