package dev.ferry.serving;

import dev.ferry.core.Digest;
import dev.ferry.core.http.ByteRanges;
import dev.ferry.core.http.Preconditions;
import dev.ferry.store.DamagedBlobException;
import dev.ferry.store.BlobHandle;
import dev.ferry.store.BlobStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Answers a GET or HEAD for one representation, the same way on every route: preconditions
 * (304/412), If-Range, ranges (206/416, multipart/byteranges), the validators and the route's
 * headers on every outcome, an exact Content-Length, and the body. The bytes come from a blob
 * the caller opened before answering (so gc between lookup and answer cannot cut a response
 * short) or from memory, or, for a plain or single-range GET of a blob on object storage, are
 * relayed from the object store by {@link RemoteRelay} without opening the blob first. A local
 * file goes out zero-copy with sendfile over HTTP/1.x; anything else is streamed in chunks with
 * back-pressure.
 */
public final class BlobResponder {
    private static final Logger LOG = LoggerFactory.getLogger(BlobResponder.class);
    private static final CharSequence BYTES = HttpHeaders.createOptimized("bytes");
    private static final CharSequence NONE = HttpHeaders.createOptimized("none");
    private static final CharSequence RANGE = HttpHeaders.createOptimized("Range");
    private static final CharSequence IF_MATCH = HttpHeaders.createOptimized("If-Match");
    private static final CharSequence IF_NONE_MATCH = HttpHeaders.createOptimized("If-None-Match");
    private static final CharSequence IF_MODIFIED_SINCE = HttpHeaders.createOptimized("If-Modified-Since");
    private static final CharSequence IF_UNMODIFIED_SINCE = HttpHeaders.createOptimized("If-Unmodified-Since");
    private static final CharSequence IF_RANGE = HttpHeaders.createOptimized("If-Range");

    private final int maxRanges;
    private final RemoteRelay relay;

    /** @param maxRanges most ranges one Range header may ask for (more: the whole representation); 0 turns ranges off */
    public BlobResponder(int maxRanges) {
        this(maxRanges, null);
    }

    /** @param relay GETs blobs from an object store's presigned URLs; null = every stored blob is opened first */
    public BlobResponder(int maxRanges, RemoteRelay relay) {
        this.maxRanges = maxRanges;
        this.relay = relay;
    }

    /** Where the body's bytes come from, once the answer's status and headers are decided ({@code pieces} null: the whole). */
    @FunctionalInterface
    private interface Body {
        Future<Void> send(HttpServerRequest request, List<Piece> pieces, long size);
    }

    /**
     * What a route does with a freshly opened blob before answering, on the worker that opened it:
     * the file routes read small blobs into memory.
     */
    public interface Preload {
        /** Whether a blob of this size is loaded (such a blob is then never relayed). */
        boolean takes(long size);

        /** The bytes to answer from (the handle is closed afterwards), or null to answer from the handle. Blocking. */
        Buffer load(BlobHandle handle) throws IOException;
    }

    /**
     * Answers a GET or HEAD of a stored blob the catalog lists with {@code size} bytes. A plain or
     * single-range GET of a blob the store can presign is relayed from the object store, whose
     * answer proves the bytes exist before anything is written. Otherwise the blob is opened on a
     * worker before anything is answered (for a whole read when the answer is the whole body), so
     * gc cannot take the bytes away mid-answer. A blob that is gone or not the catalogued size gets
     * {@link ErrorAnswers#missing}, never a short body. The future holds the body bytes sent.
     *
     * @param preload null, or what to do with the open blob on the worker
     */
    public Future<Long> respondStored(HttpServerRequest request, Representation rep, BlobStore blobs, Digest digest, long size,
                                      ErrorAnswers errors, Preload preload) {
        if (relay != null && (preload == null || !preload.takes(size)) && relay.relays(size) && relayable(request, size)) {
            Optional<URI> recent = relay.recentSource(digest);
            if (recent.isPresent()) return relayed(request, rep, digest, size, recent.get(), errors);
            // the first download of a blob in a while signs its URL on a worker: the credentials may need a refresh
            return relay.signedSource(digest).transform(signed -> signed.succeeded() && signed.result().isPresent()
                    ? relayed(request, rep, digest, size, signed.result().get(), errors)
                    : openThenRespond(request, rep, blobs, digest, size, errors, preload));
        }
        return openThenRespond(request, rep, blobs, digest, size, errors, preload);
    }

    private Future<Long> relayed(HttpServerRequest request, Representation rep, Digest digest, long size, URI source, ErrorAnswers errors) {
        return answer(request, rep, size, (req, pieces, sz) ->
                relay.send(req, digest, source, pieces == null ? null : (Piece.Region) pieces.get(0), sz), errors);
    }

    private Future<Long> openThenRespond(HttpServerRequest request, Representation rep, BlobStore blobs, Digest digest, long size,
                                         ErrorAnswers errors, Preload preload) {
        boolean whole = sendsWholeBody(request);
        return Vertx.currentContext().executeBlocking(() -> open(blobs, digest, size, whole, preload), false).compose(
                opened -> opened.bytes() != null ? respond(request, rep, opened.bytes(), errors) : respond(request, rep, opened.handle(), errors),
                failure -> {
                    errors.cannotServe(request, "stored blob " + digest, failure);
                    return Future.succeededFuture(0L);
                });
    }

    /** Either a small blob's bytes (handle already closed) or the open handle. */
    private record Opened(BlobHandle handle, Buffer bytes) {
    }

    /** Blocking. A plain GET opens the blob for a whole read, which lets object storage answer with one GET. */
    private static Opened open(BlobStore blobs, Digest digest, long size, boolean whole, Preload preload) throws IOException {
        BlobHandle handle = whole ? blobs.openHandleForWholeRead(digest) : blobs.openHandle(digest);
        try {
            if (handle.size() != size) {
                throw new DamagedBlobException("stored blob has " + handle.size() + " bytes, the catalog says " + size);
            }
            Buffer loaded = preload != null && preload.takes(size) ? preload.load(handle) : null;
            if (loaded == null) return new Opened(handle, null);
            handle.close();
            return new Opened(null, loaded);
        } catch (IOException | RuntimeException e) {
            handle.close();
            throw e;
        }
    }

    /**
     * A plain GET, or one asking for a single satisfiable range, without conditions: the relay
     * answers those. HEAD, conditions, If-Range and multipart ranges open the blob as before.
     */
    private boolean relayable(HttpServerRequest request, long size) {
        if (request.method() != HttpMethod.GET || conditional(request) || request.headers().contains(IF_RANGE)) return false;
        String range = request.getHeader(RANGE);
        if (range == null || maxRanges == 0) return true;
        ByteRanges.Outcome outcome = ByteRanges.parse(range, size, maxRanges);
        return outcome instanceof ByteRanges.Whole || outcome instanceof ByteRanges.Partial p && p.ranges().size() == 1;
    }

    /**
     * Answers from an open blob and takes ownership of it: the handle is closed once the answer
     * is complete, failed or abandoned. The future holds the number of body bytes sent.
     */
    public Future<Long> respond(HttpServerRequest request, Representation rep, BlobHandle handle, ErrorAnswers errors) {
        Future<Long> answered;
        try {
            answered = answer(request, rep, handle.size(), (req, pieces, size) -> fromHandle(req, handle, pieces, size), errors);
        } catch (RuntimeException e) {
            handle.close();
            throw e;
        }
        return answered.andThen(done -> handle.close());
    }

    /** Answers from bytes already in memory. */
    public Future<Long> respond(HttpServerRequest request, Representation rep, Buffer bytes, ErrorAnswers errors) {
        return answer(request, rep, bytes.length(), (req, pieces, size) -> fromMemory(req.response(), bytes, pieces), errors);
    }

    private Future<Long> answer(HttpServerRequest request, Representation rep, long size, Body body, ErrorAnswers errors) {
        HttpServerResponse response = request.response();
        headers(response, rep);
        Preconditions.Outcome condition = conditional(request)
                ? Preconditions.evaluate(request.headers(), rep.etag(), rep.lastModified()) : Preconditions.Outcome.PROCEED;
        switch (condition) {
            case NOT_MODIFIED -> {
                response.setStatusCode(304).putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(size)).end();
                return Future.succeededFuture(0L);
            }
            case PRECONDITION_FAILED -> {
                errors.preconditionFailed(request);
                return Future.succeededFuture(0L);
            }
            default -> {
            }
        }
        String rangeHeader = request.getHeader(RANGE);
        ByteRanges.Outcome ranges = rangeHeader != null && Preconditions.ifRangeAllows(request.headers(), rep.etag(), rep.lastModified())
                ? ByteRanges.parse(rangeHeader, size, maxRanges)
                : null;
        if (ranges instanceof ByteRanges.Unsatisfiable) {
            response.putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
            errors.rangeNotSatisfiable(request, size);
            return Future.succeededFuture(0L);
        }
        List<Piece> pieces;
        long length;
        if (ranges instanceof ByteRanges.Partial partial && partial.ranges().size() > 1) {
            MultipartByteRanges multipart = new MultipartByteRanges(partial.ranges(), rep.contentType(), size);
            response.setStatusCode(206).putHeader(HttpHeaders.CONTENT_TYPE, multipart.contentType());
            pieces = multipart.pieces();
            length = multipart.contentLength();
        } else if (ranges instanceof ByteRanges.Partial partial) {
            ByteRanges.Range range = partial.ranges().get(0);
            response.setStatusCode(206).putHeader(HttpHeaders.CONTENT_TYPE, rep.contentType())
                    .putHeader(HttpHeaders.CONTENT_RANGE, range.contentRange(size));
            pieces = List.of(new Piece.Region(range.first(), range.length()));
            length = range.length();
        } else {
            response.putHeader(HttpHeaders.CONTENT_TYPE, rep.contentType());
            pieces = null; // the whole representation
            length = size;
        }
        response.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(length));
        if (request.method() == HttpMethod.HEAD) {
            response.end();
            return Future.succeededFuture(0L);
        }
        Future<Void> sent = body.send(request, pieces, size);
        return sent.transform(r -> {
            if (r.succeeded()) return Future.succeededFuture(length);
            if (!response.headWritten() && !response.closed()) {
                response.headers().clear();
                response.setStatusCode(200);
                errors.cannotServe(request, rep.etag(), r.cause());
            } else if (!response.headWritten()) {
                LOG.debug("client left before {} was answered: {}", rep.etag(), r.cause().toString());
            } else if (!response.closed()) {
                response.reset(); // a truncated body must not look complete: drop the connection / stream
            }
            return Future.failedFuture(r.cause());
        });
    }

    /**
     * Whether the answer to this request is the whole representation whatever it turns out to be:
     * a GET without a range or a precondition. The blob can then be opened for a whole read.
     */
    public boolean sendsWholeBody(HttpServerRequest request) {
        return request.method() == HttpMethod.GET && !conditional(request) && (maxRanges == 0 || !request.headers().contains(RANGE));
    }

    /** Most requests carry no condition: they skip the evaluation and its header lists. */
    private static boolean conditional(HttpServerRequest request) {
        var headers = request.headers();
        return headers.contains(IF_NONE_MATCH) || headers.contains(IF_MODIFIED_SINCE) || headers.contains(IF_MATCH)
                || headers.contains(IF_UNMODIFIED_SINCE);
    }

    private void headers(HttpServerResponse response, Representation rep) {
        response.putHeader(HttpHeaders.ETAG, rep.etag())
                .putHeader(HttpHeaders.ACCEPT_RANGES, maxRanges > 0 ? BYTES : NONE);
        if (rep.lastModifiedText() != null) response.putHeader(HttpHeaders.LAST_MODIFIED, rep.lastModifiedText());
        CharSequence[] extra = rep.headers();
        for (int i = 0; i < extra.length; i += 2) response.putHeader(extra[i], extra[i + 1]);
    }

    /** Zero-copy sendfile for one region of a local file over HTTP/1.x; otherwise streamed from the same handle. */
    private static Future<Void> fromHandle(HttpServerRequest request, BlobHandle handle, List<Piece> pieces, long size) {
        HttpServerResponse response = request.response();
        try {
            Piece.Region single = pieces == null ? new Piece.Region(0, size)
                    : pieces.size() == 1 ? (Piece.Region) pieces.get(0) : null;
            if (single != null && handle.channel().isPresent() && request.version() != HttpVersion.HTTP_2) {
                return response.sendFile(handle.channel().get(), single.offset(), single.length());
            }
            return BodyStreamer.send(Vertx.currentContext().owner(), response, handle, pieces == null ? List.of(single) : pieces);
        } catch (RuntimeException e) { // the connection went away before the head was written
            return Future.failedFuture(e);
        }
    }

    private static Future<Void> fromMemory(HttpServerResponse response, Buffer body, List<Piece> pieces) {
        if (pieces == null) return response.end(body);
        Buffer out = Buffer.buffer();
        for (Piece piece : pieces) {
            if (piece instanceof Piece.Bytes b) out.appendBuffer(b.buffer());
            else if (piece instanceof Piece.Region r) out.appendBuffer(body, (int) r.offset(), (int) r.length());
        }
        return response.end(out);
    }
}
