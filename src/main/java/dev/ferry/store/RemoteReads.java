package dev.ferry.store;

import dev.ferry.core.Digest;

import javax.net.ssl.X509TrustManager;
import java.net.URI;
import java.util.Optional;

/**
 * Reads from a backend that keeps its blobs behind an HTTP endpoint (object storage), for a server
 * that fetches the bytes with an HTTP client of its own instead of the backend's: a short-lived
 * presigned URL per blob, and the TLS trust the endpoint needs. Nothing here makes a request.
 */
public interface RemoteReads {

    /**
     * A URL that answers a GET, with or without a single {@code Range} header, with the blob's
     * bytes for a few minutes and needs no other credentials; empty when this blob is better read
     * the usual way (a local copy, or one about to be made). CPU only: an event loop may call it.
     */
    Optional<URI> presignedGet(Digest digest, long size);

    /** Trust for the endpoint's TLS besides the JVM's CAs; null when the JVM's alone apply. */
    X509TrustManager endpointTrust();
}
