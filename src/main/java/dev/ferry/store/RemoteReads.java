package dev.ferry.store;

import dev.ferry.core.Digest;

import javax.net.ssl.X509TrustManager;
import java.net.URI;
import java.util.Optional;

/**
 * Reads from a backend that keeps its blobs behind an HTTP endpoint (object storage), for a server
 * that fetches the bytes with an HTTP client of its own instead of the backend's: a short-lived
 * presigned URL per blob, and the TLS trust the endpoint needs. Nothing here makes a request to
 * the store.
 */
public interface RemoteReads {

    /** Whether a blob of this size is read over HTTP; false when it is better read the usual way (a local cache takes it). */
    boolean relays(long size);

    /**
     * The URL {@link #presignedGet} made for this blob lately, while it still has most of its
     * validity; empty otherwise. A map lookup: an event loop may call it.
     */
    Optional<URI> recentGet(Digest digest);

    /**
     * A URL that answers a GET, with or without a single {@code Range} header, with the blob's
     * bytes for a few minutes and needs no other credentials; empty when it cannot be signed.
     * Signing is CPU work, but taking the credentials may be a network call when the provider
     * refreshes them (web identity, instance metadata): call it off the event loop.
     */
    Optional<URI> presignedGet(Digest digest);

    /** Trust for the endpoint's TLS besides the JVM's CAs; null when the JVM's alone apply. */
    X509TrustManager endpointTrust();
}
