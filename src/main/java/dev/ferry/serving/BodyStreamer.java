package dev.ferry.serving;

import dev.ferry.store.BlobHandle;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.util.List;

/**
 * Writes a body made of literal buffers and regions of an open blob, where zero-copy sendfile
 * cannot be used: HTTP/2 (Vert.x sends no FileChannel there), multipart/byteranges, and blobs
 * with no local file (object storage). Reads run on worker threads one chunk at a time, and
 * the next chunk is read only when the response can take it, so memory per response stays at
 * one chunk however large the blob and however slow the client. A chunk is a pooled direct
 * buffer, given back once written: no fresh array to zero per chunk, and the event loop hands it
 * to the socket without copying it. A region's stream is closed at its end, on a failure and when
 * the connection goes away; the returned future completes only after that, so the caller may then
 * close the handle.
 */
final class BodyStreamer {
    /** Each chunk costs two thread hand-offs (to a worker and back): larger chunks, fewer of them. */
    static final int CHUNK = 256 * 1024;
    /**
     * Where a worker reads a stream before copying into a chunk (a stream reads into arrays only),
     * one per worker thread, small enough that the bytes are still in cache when copied on.
     */
    private static final ThreadLocal<byte[]> STAGING = ThreadLocal.withInitial(() -> new byte[64 * 1024]);

    private final Vertx vertx;
    private final HttpServerResponse response;
    private final BlobHandle handle;
    private final FileChannel channel;
    private final List<Piece> pieces;
    private final Promise<Void> result = Promise.promise();
    // event-loop confined, except current, which is handed between worker reads (executeBlocking orders them)
    private int index;
    private long position;
    private long remaining = -1;
    private boolean reading;
    private Throwable failure;
    private volatile InputStream current;

    private BodyStreamer(Vertx vertx, HttpServerResponse response, BlobHandle handle, List<Piece> pieces) {
        this.vertx = vertx;
        this.response = response;
        this.handle = handle;
        this.channel = handle.channel().orElse(null);
        this.pieces = pieces;
    }

    /** Sends every piece then ends the response; the caller keeps ownership of the handle. */
    static Future<Void> send(Vertx vertx, HttpServerResponse response, BlobHandle handle, List<Piece> pieces) {
        BodyStreamer s = new BodyStreamer(vertx, response, handle, pieces);
        response.closeHandler(v -> s.fail(new IOException("connection closed")));
        s.next();
        return s.result.future();
    }

    private void next() {
        try {
            while (failure == null) {
                if (response.writeQueueFull()) {
                    response.drainHandler(v -> next());
                    return;
                }
                if (index == pieces.size()) {
                    response.end().onComplete(ended -> {
                        if (ended.succeeded()) result.tryComplete();
                        else fail(ended.cause());
                    });
                    return;
                }
                Piece piece = pieces.get(index);
                if (piece instanceof Piece.Bytes b) {
                    response.write(b.buffer());
                    index++;
                    continue;
                }
                Piece.Region region = (Piece.Region) piece;
                if (remaining < 0) {
                    position = region.offset();
                    remaining = region.length();
                }
                if (remaining == 0) {
                    remaining = -1;
                    index++;
                    continue;
                }
                readThenWrite();
                return;
            }
        } catch (RuntimeException e) { // the response was closed under us
            fail(e);
        }
    }

    private void readThenWrite() {
        int n = (int) Math.min(CHUNK, remaining);
        long at = position;
        long left = remaining;
        reading = true;
        vertx.executeBlocking(() -> read(at, n, left), false).onComplete(read -> {
            reading = false;
            if (read.failed()) {
                fail(read.cause());
                return;
            }
            ByteBuf chunk = read.result();
            if (failure != null) {
                chunk.release();
                release();
                return;
            }
            position += n;
            remaining -= n;
            Future<Void> written;
            try {
                // the response gets a view it cannot release: the chunk goes back to the pool here, once written or failed
                written = response.write(BufferInternal.buffer(chunk));
            } catch (RuntimeException e) {
                chunk.release();
                fail(e);
                return;
            }
            written.onComplete(w -> chunk.release());
            next();
        });
    }

    /** Blocking: one chunk of the current region, from the local file when there is one, else from the handle's stream. */
    private ByteBuf read(long at, int n, long regionLeft) throws IOException {
        ByteBuf chunk = ByteBufAllocator.DEFAULT.directBuffer(n, n);
        try {
            if (channel != null) {
                while (chunk.isWritable()) {
                    if (chunk.writeBytes(channel, at + chunk.writerIndex(), chunk.writableBytes()) < 0) {
                        throw new EOFException("stored blob is shorter than catalogued");
                    }
                }
                return chunk;
            }
            InputStream in = current;
            if (in == null) {
                in = handle.read(at, regionLeft);
                current = in;
            }
            // large reads: a buffering HTTP client hands them straight to its socket, small ones it copies through its buffer
            byte[] staging = STAGING.get();
            while (chunk.isWritable()) {
                int r = in.read(staging, 0, Math.min(staging.length, chunk.writableBytes()));
                if (r < 0) throw new EOFException("stored blob " + handle.digest() + " ended early");
                chunk.writeBytes(staging, 0, r);
            }
            if (n == regionLeft) {
                current = null;
                in.close();
            }
            return chunk;
        } catch (IOException | RuntimeException e) {
            chunk.release();
            throw e;
        }
    }

    private void fail(Throwable cause) {
        if (failure != null || result.future().isComplete()) return;
        failure = cause;
        if (!reading) release();
    }

    /** After a failure, with no read in flight: closes the open stream (off the event loop), then reports. */
    private void release() {
        InputStream in = current;
        current = null;
        if (in == null) {
            result.tryFail(failure);
            return;
        }
        vertx.executeBlocking(() -> {
            in.close();
            return null;
        }, false).onComplete(closed -> result.tryFail(failure));
    }
}
