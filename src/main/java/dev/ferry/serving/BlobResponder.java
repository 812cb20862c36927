package dev.ferry.serving;

import dev.ferry.core.http.ByteRanges;
import dev.ferry.core.http.Preconditions;
import dev.ferry.store.BlobHandle;
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

import java.util.List;

/**
 * Answers a GET or HEAD for one representation, the same way on every route: preconditions
 * (304/412), If-Range, ranges (206/416, multipart/byteranges), the validators and the route's
 * headers on every outcome, an exact Content-Length, and the body. The bytes come from a blob
 * the caller opened before answering (so gc between lookup and answer cannot cut a response
 * short) or from memory. A local file goes out zero-copy with sendfile over HTTP/1.x; anything
 * else is streamed in chunks with back-pressure.
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

    private final int maxRanges;

    /** @param maxRanges most ranges one Range header may ask for (more: the whole representation); 0 turns ranges off */
    public BlobResponder(int maxRanges) {
        this.maxRanges = maxRanges;
    }

    /**
     * Answers from an open blob and takes ownership of it: the handle is closed once the answer
     * is complete, failed or abandoned. The future holds the number of body bytes sent.
     */
    public Future<Long> respond(HttpServerRequest request, Representation rep, BlobHandle handle, ErrorAnswers errors) {
        Future<Long> answered;
        try {
            answered = answer(request, rep, handle.size(), handle, null, errors);
        } catch (RuntimeException e) {
            handle.close();
            throw e;
        }
        return answered.andThen(done -> handle.close());
    }

    /** Answers from bytes already in memory. */
    public Future<Long> respond(HttpServerRequest request, Representation rep, Buffer bytes, ErrorAnswers errors) {
        return answer(request, rep, bytes.length(), null, bytes, errors);
    }

    private Future<Long> answer(HttpServerRequest request, Representation rep, long size, BlobHandle handle, Buffer bytes,
                                ErrorAnswers errors) {
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
        Future<Void> sent = handle != null ? fromHandle(request, handle, pieces, size) : fromMemory(response, bytes, pieces);
        return sent.transform(r -> {
            if (r.succeeded()) return Future.succeededFuture(length);
            if (!response.headWritten()) {
                LOG.warn("cannot send {}: {}", rep.etag(), r.cause().toString());
                response.headers().clear();
                response.setStatusCode(200);
                errors.unreadable(request);
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
