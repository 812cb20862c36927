package dev.ferry.serving;

import dev.ferry.core.Digest;
import dev.ferry.store.DamagedBlobException;
import dev.ferry.store.RemoteReads;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.resolver.NameResolver;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.TrustOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Serves blobs of an object store without its SDK: GETs the blob's presigned URL with Vert.x's
 * own HTTP client and writes the body buffers to the response as they arrive, pausing the upstream
 * while the client is slower (no worker thread, no blocking read; Vert.x's client still copies
 * each received buffer once into the heap). Nothing is
 * answered before the upstream's status and headers prove the bytes are there and the size the
 * catalog promised; after that an upstream failure cuts the client's connection, and a client
 * that goes away resets the upstream request.
 */
public final class RemoteRelay {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteRelay.class);
    /** Every download in flight holds one upstream connection for as long as its client takes to read it. */
    private static final int MAX_CONNECTIONS = 512;
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    /**
     * An upstream that sends nothing for this long is given up; long, because a slow client pauses
     * the upstream too and that silence counts as well.
     */
    private static final long IDLE_TIMEOUT_MS = 120_000;
    private static final CharSequence RANGE = HttpHeaders.createOptimized("Range");
    private static final int MAX_CHUNK = 256 * 1024;
    /**
     * A store may answer 408 on a kept connection that it timed out just as the GET came: such a
     * GET is asked once more, on a new connection (the 408 closes the old one).
     */
    static final int REQUEST_TIMEOUT = 408;

    private final HttpClient client;
    private final NameResolver resolver;
    private final RemoteReads reads;

    /** One per Vert.x instance: the client's connection pool is shared by every event loop. */
    public RemoteRelay(Vertx vertx, RemoteReads reads) {
        this.reads = reads;
        this.resolver = ((VertxInternal) vertx).nameResolver();
        HttpClientOptions options = new HttpClientOptions()
                .setKeepAlive(true)
                .setConnectTimeout(CONNECT_TIMEOUT_MS)
                .setDecompressionSupported(false) // the bytes are relayed exactly as stored
                // body buffers as large as a socket read gives: the default 8 KiB cut each read into several writes to the
                // client (measured: about a third more CPU per 5 MiB download)
                .setMaxChunkSize(MAX_CHUNK);
        X509TrustManager trust = reads.endpointTrust();
        if (trust != null) options.setTrustOptions(TrustOptions.wrap(trust));
        this.client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS));
    }

    /** Whether a blob of this size is relayed at all (a local cache may take it instead). */
    boolean relays(long size) {
        return reads.relays(size);
    }

    /** The blob's presigned URL if one was made lately: a map lookup, for the event loop. */
    Optional<URI> recentSource(Digest digest) {
        return reads.recentGet(digest);
    }

    /** Signs a URL for the blob; may wait for credentials, so it runs on a worker. Empty when it cannot be signed. */
    Future<Optional<URI>> signedSource(Digest digest) {
        return Vertx.currentContext().executeBlocking(() -> reads.presignedGet(digest), false);
    }

    /**
     * Sends {@code region} of the blob (whole when null) as the body of the response to {@code request}, whose
     * status and headers are set but not written. Fails before anything is written with
     * {@link NoSuchFileException} when the object is gone, {@link DamagedBlobException} when it is not
     * the catalogued size, an IOException for any other upstream trouble; fails after the head was
     * written when the upstream breaks off or the client goes away.
     */
    Future<Void> send(HttpServerRequest request, Digest digest, URI source, Piece.Region region, long size) {
        HttpServerResponse response = request.response();
        String range = region == null ? null : "bytes=" + region.offset() + "-" + (region.offset() + region.length() - 1);
        long expected = region == null ? size : region.length();
        HeadCheck check = headCheck(digest, region, size);
        AbstractEpollStreamChannel forwardTarget = ForwardedBody.target(request, source, expected);
        if (forwardTarget != null) return ForwardedBody.send(resolver, forwardTarget, response, digest, source, range, expected, check);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(source.toString())
                .setIdleTimeout(IDLE_TIMEOUT_MS);
        if (range != null) options.putHeader(RANGE, range);
        Transfer transfer = new Transfer(response, digest, expected, check, () -> client.request(options));
        response.closeHandler(v -> transfer.fail(new IOException("the client closed the connection")));
        transfer.ask();
        return transfer.result.future();
    }

    /** What the upstream must say before Ferry says anything: the object is there, in the size the catalog promised. */
    @FunctionalInterface
    interface HeadCheck {
        void verify(int status, String contentLength, String contentRange) throws IOException;
    }

    static HeadCheck headCheck(Digest digest, Piece.Region region, long size) {
        long expected = region == null ? size : region.length();
        return (status, length, range) -> {
            if (status == 404) throw new NoSuchFileException("blob " + digest + " is missing from the object store (HTTP 404)");
            if (status == 416) {
                throw new DamagedBlobException("the object store refused bytes " + region.offset() + "+" + region.length()
                        + " of blob " + digest + " (HTTP 416): the object is smaller than the catalogued " + size + " bytes");
            }
            int wanted = region == null ? 200 : 206;
            if (status != wanted) {
                throw new IOException("the object store answered HTTP " + status + " to the GET of blob " + digest + ", expected " + wanted);
            }
            long announced;
            try {
                announced = length == null ? -1 : Long.parseLong(length);
            } catch (NumberFormatException e) {
                announced = -1;
            }
            if (announced < 0) {
                throw new IOException("the object store answered the GET of blob " + digest + " without a usable Content-Length (" + length + ")");
            }
            if (region != null) {
                String promised = "bytes " + region.offset() + "-" + (region.offset() + region.length() - 1) + "/" + size;
                if (range == null || !range.endsWith("/" + size)) {
                    throw new DamagedBlobException("the object store holds blob " + digest + " in another size than the catalogued " + size
                            + " bytes (Content-Range " + range + ")");
                }
                if (!range.equals(promised)) {
                    throw new IOException("the object store answered Content-Range " + range + " for blob " + digest + ", expected " + promised);
                }
            }
            if (announced != expected) {
                throw new DamagedBlobException("the object store holds " + (region == null ? announced + " bytes of blob " + digest
                        + ", the catalog says " + size : "a range of " + announced + " bytes of blob " + digest + ", asked for " + expected));
            }
        };
    }

    /** One relayed body; event-loop confined. */
    private static final class Transfer {
        private final HttpServerResponse response;
        private final Digest digest;
        private final long expected;
        private final HeadCheck check;
        private final Supplier<Future<HttpClientRequest>> asking;
        private final Promise<Void> result = Promise.promise();
        private HttpClientRequest upstream;
        private HttpClientResponse body;
        private long received;
        private boolean timedOut;

        Transfer(HttpServerResponse response, Digest digest, long expected, HeadCheck check,
                 Supplier<Future<HttpClientRequest>> asking) {
            this.response = response;
            this.digest = digest;
            this.expected = expected;
            this.check = check;
            this.asking = asking;
        }

        void ask() {
            asking.get().onComplete(requested -> {
                if (requested.failed()) fail(new IOException("cannot reach the object store for blob " + digest + ": " + requested.cause()));
                else started(requested.result());
            });
        }

        void started(HttpClientRequest request) {
            upstream = request;
            request.exceptionHandler(e -> fail(new IOException("GET of blob " + digest + " from the object store failed: " + e)));
            if (result.future().isComplete()) { // the client left while connecting
                request.reset();
                return;
            }
            request.send().onComplete(answered -> {
                if (answered.failed()) fail(new IOException("GET of blob " + digest + " from the object store failed: " + answered.cause()));
                else answered(answered.result());
            });
        }

        private void answered(HttpClientResponse up) {
            if (up.statusCode() == REQUEST_TIMEOUT && !timedOut && !result.future().isComplete()) {
                timedOut = true;
                upstream.exceptionHandler(null); // that connection's end is no longer this download's
                ask();
                return;
            }
            body = up;
            up.exceptionHandler(e -> broken("the object store broke off after " + received + " of " + expected + " bytes: " + e));
            if (result.future().isComplete()) {
                upstream.reset();
                return;
            }
            try {
                check.verify(up.statusCode(), up.getHeader(HttpHeaders.CONTENT_LENGTH), up.getHeader(HttpHeaders.CONTENT_RANGE));
            } catch (IOException refused) {
                fail(refused);
                return;
            }
            up.handler(this::relay);
            up.endHandler(v -> ended());
        }

        private void relay(Buffer chunk) {
            if (result.future().isComplete()) return;
            received += chunk.length();
            if (received > expected) {
                broken("the object store sent more than the " + expected + " bytes it announced");
                return;
            }
            try {
                response.write(chunk);
            } catch (RuntimeException closed) { // the connection went away under us
                fail(closed);
                return;
            }
            if (response.writeQueueFull()) {
                body.pause();
                response.drainHandler(v -> {
                    if (!result.future().isComplete()) body.resume();
                });
            }
        }

        private void ended() {
            if (result.future().isComplete()) return;
            if (received != expected) {
                broken("the object store ended the body after " + received + " of " + expected + " bytes");
                return;
            }
            try {
                response.end().onComplete(done -> {
                    if (done.succeeded()) result.tryComplete();
                    else result.tryFail(done.cause());
                });
            } catch (RuntimeException closed) {
                fail(closed);
            }
        }

        /** The upstream failed after the head went out: the client's connection is cut (by the caller), never a short body that looks whole. */
        private void broken(String reason) {
            if (result.future().isComplete()) return;
            LOG.warn("cutting the download of blob {} short: {}", digest, reason);
            fail(new IOException("blob " + digest + ": " + reason));
        }

        /** Gives up on the transfer once: the upstream connection goes (a partial body cannot be reused), the caller decides the rest. */
        void fail(Throwable cause) {
            if (!result.tryFail(cause)) return;
            if (upstream != null) upstream.reset();
        }
    }
}
