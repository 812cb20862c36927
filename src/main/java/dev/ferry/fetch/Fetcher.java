package dev.ferry.fetch;

import dev.ferry.core.Digest;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;

/**
 * Downloads from the real upstreams on the connected side: into a content-addressed cache shared
 * by runs, resumed with {@code Range} after an interruption, retried with backoff, every body
 * checked against what the caller expects. Generic: the families know the URL layouts and the
 * checksum conventions, this knows HTTP.
 */
public interface Fetcher {

    /**
     * The body of {@code url}, cached under its sha256. With {@code expected}, the bytes must hash to
     * it (and a cached copy is used without asking the upstream); without, the digest is what was
     * fetched over TLS, which the caller must record as such.
     *
     * @param artifact names the artifact in messages and progress ("opensearch repository-s3 2.19.4")
     */
    Fetched file(String artifact, URI url, Digest expected) throws IOException;

    /** A small document (checksum file, signature, index), at most {@code maxBytes}; never cached. */
    byte[] small(String artifact, URI url, int maxBytes) throws IOException;

    /** The size a GET would return (HEAD), without the body; empty when the upstream answers 404. */
    Optional<Long> probe(String artifact, URI url) throws IOException;

    /** A client for an OCI distribution registry (anonymous or bearer-token pulls, credentials from the auth file). */
    RegistryClient registry(String host) throws IOException;
}
