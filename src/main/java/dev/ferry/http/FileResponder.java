package dev.ferry.http;

import dev.ferry.serving.Responses;
import dev.ferry.core.http.ByteRanges;
import dev.ferry.core.http.HttpDates;
import dev.ferry.core.http.Preconditions;
import dev.ferry.metrics.FerryMetrics;
import dev.ferry.store.BlobStore;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Answers a GET or HEAD for one representation: preconditions (304/412), ranges (206/416),
 * the full header set on every outcome, and the body. A stored blob is opened before anything
 * else and every byte comes from that open file, so a request in flight keeps its bytes even if
 * a newer generation is published or garbage collection deletes the blob meanwhile.
 */
final class FileResponder {
    private static final Logger LOG = LoggerFactory.getLogger(FileResponder.class);

    private final BlobStore blobs;
    private final SmallBlobCache smallBlobs;
    private final FerryMetrics metrics;
    private final int maxRanges;

    FileResponder(BlobStore blobs, SmallBlobCache smallBlobs, FerryMetrics metrics, int maxRanges) {
        this.blobs = blobs;
        this.smallBlobs = smallBlobs;
        this.metrics = metrics;
        this.maxRanges = maxRanges;
    }

    void respond(RoutingContext ctx, Representation stored) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        Representation rep = stored;
        FileChannel channel = null;
        Buffer cached = rep.isStored() ? smallBlobs.get(rep.digest()) : null;
        if (cached != null) {
            rep = rep.withBytes(cached);
        } else if (rep.isStored()) {
            try {
                channel = open(rep);
                Buffer loaded = smallBlobs.load(rep.digest(), channel, rep.size());
                if (loaded != null) {
                    rep = rep.withBytes(loaded);
                    close(channel);
                    channel = null;
                }
            } catch (NoSuchFileException | DamagedBlobException e) {
                close(channel);
                LOG.warn("not serving {} for {}: {}", rep.digest(), request.path(), e.getMessage());
                response.putHeader("Retry-After", "3600");
                Responses.text(response, 503, "the stored content of this path is damaged or quarantined; it is served again "
                        + "once an admin restores it (ferry repair --from BUNDLE)\n", request.method());
                return;
            } catch (IOException e) {
                close(channel);
                LOG.warn("cannot open stored blob {}: {}", rep.digest(), e.toString());
                Responses.text(response, 500, "cannot read stored content\n", request.method());
                return;
            }
        }
        boolean handedOver = false;
        try {
            handedOver = answer(ctx, rep, channel);
        } finally {
            if (!handedOver) close(channel);
        }
    }

    /** Returns true when the body is on its way and the channel will be closed once it is sent. */
    private boolean answer(RoutingContext ctx, Representation rep, FileChannel channel) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        HttpMethod method = request.method();
        validators(response, rep);
        switch (Preconditions.evaluate(request.headers(), rep.etag(), rep.lastModified())) {
            case NOT_MODIFIED -> {
                response.setStatusCode(304).putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(rep.size())).end();
                return false;
            }
            case PRECONDITION_FAILED -> {
                Responses.text(response, 412, "precondition failed\n", method);
                return false;
            }
            default -> {
            }
        }
        ByteRanges.Outcome ranges = Preconditions.ifRangeAllows(request.headers(), rep.etag(), rep.lastModified())
                ? ByteRanges.parse(request.getHeader("Range"), rep.size(), maxRanges)
                : new ByteRanges.Whole();
        if (ranges instanceof ByteRanges.Unsatisfiable) {
            response.putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + rep.size());
            Responses.text(response, 416, "range not satisfiable\n", method);
            return false;
        }
        response.putHeader(HttpHeaders.CONTENT_TYPE, rep.contentType());
        List<ChannelStreamer.Piece> pieces;
        long length;
        if (ranges instanceof ByteRanges.Partial partial && partial.ranges().size() > 1) {
            MultipartByteRanges multipart = new MultipartByteRanges(partial.ranges(), rep.contentType(), rep.size());
            response.setStatusCode(206).putHeader(HttpHeaders.CONTENT_TYPE, multipart.contentType());
            pieces = multipart.pieces();
            length = multipart.contentLength();
        } else {
            ByteRanges.Range range = ranges instanceof ByteRanges.Partial partial
                    ? partial.ranges().get(0) : new ByteRanges.Range(0, rep.size() - 1);
            if (ranges instanceof ByteRanges.Partial) {
                response.setStatusCode(206).putHeader(HttpHeaders.CONTENT_RANGE, range.contentRange(rep.size()));
            }
            pieces = List.of(new ChannelStreamer.Region(range.first(), range.length()));
            length = range.length();
        }
        response.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(length));
        if (method == HttpMethod.HEAD) {
            response.end();
            return false;
        }
        Future<Void> sent = rep.isStored() ? BodySender.fromFile(ctx, channel, pieces) : BodySender.fromMemory(response, rep.inline(), pieces);
        long bodyBytes = length;
        sent.onComplete(r -> {
            close(channel);
            if (r.succeeded()) {
                metrics.fileBytesSent(bodyBytes);
            } else if (!response.headWritten()) {
                LOG.warn("cannot send {}: {}", rep.digest(), r.cause().toString());
                response.headers().clear();
                Responses.text(response, 500, "cannot read stored content\n", method);
            } else if (!response.closed()) {
                response.reset(); // a truncated body must not look complete: drop the connection / stream
            }
        });
        return true;
    }

    private void validators(HttpServerResponse response, Representation rep) {
        response.putHeader(HttpHeaders.ETAG, rep.etag())
                .putHeader(HttpHeaders.LAST_MODIFIED, HttpDates.format(rep.lastModified()))
                .putHeader(HttpHeaders.ACCEPT_RANGES, maxRanges > 0 ? "bytes" : "none")
                .putHeader("Repr-Digest", "sha-256=:" + rep.digest().base64() + ":")
                .putHeader("X-Checksum-Sha256", rep.digest().hex())
                .putHeader("Ferry-Generation", Long.toString(rep.generation()))
                .putHeader("X-Content-Type-Options", "nosniff");
    }

    /**
     * Opens the blob behind a representation. This is a local open(2) on the event loop, as
     * Vert.x's own sendFile(String) does: no data is read here, and holding the descriptor is
     * what pins the bytes for the rest of the request.
     */
    private FileChannel open(Representation rep) throws IOException {
        Path path = blobs.localPath(rep.digest()).orElseThrow(() -> new NoSuchFileException(rep.digest().toString()));
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        long size = channel.size();
        if (size != rep.size()) {
            channel.close();
            throw new DamagedBlobException("stored blob has " + size + " bytes, the catalog says " + rep.size());
        }
        return channel;
    }

    private static void close(FileChannel channel) {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only descriptor: nothing to flush, nothing to lose
        }
    }
}
