package dev.ferry.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;

/**
 * Writes a body made of literal buffers and regions of an already open file, where zero-copy
 * sendFile cannot be used: HTTP/2 (Vert.x sends no FileChannel there) and multipart/byteranges.
 * File reads run on worker threads, one chunk at a time, and the next chunk is read only when
 * the response can take it, so memory per response stays at one chunk.
 */
final class ChannelStreamer {
    private static final int CHUNK = 128 * 1024;

    sealed interface Piece permits Bytes, Region {
    }

    record Bytes(Buffer buffer) implements Piece {
    }

    record Region(long offset, long length) implements Piece {
    }

    private final Vertx vertx;
    private final HttpServerResponse response;
    private final FileChannel channel;
    private final List<Piece> pieces;
    private final Promise<Void> done = Promise.promise();
    private int index;
    private long position;
    private long remaining = -1;

    private ChannelStreamer(Vertx vertx, HttpServerResponse response, FileChannel channel, List<Piece> pieces) {
        this.vertx = vertx;
        this.response = response;
        this.channel = channel;
        this.pieces = pieces;
    }

    /** Sends every piece then ends the response; the caller keeps ownership of the channel. */
    static Future<Void> send(Vertx vertx, HttpServerResponse response, FileChannel channel, List<Piece> pieces) {
        ChannelStreamer s = new ChannelStreamer(vertx, response, channel, pieces);
        response.closeHandler(v -> s.done.tryFail("connection closed"));
        s.next();
        return s.done.future();
    }

    private void next() {
        try {
            while (!done.future().isComplete()) {
                if (response.writeQueueFull()) {
                    response.drainHandler(v -> next());
                    return;
                }
                if (index == pieces.size()) {
                    response.end().onComplete(ended -> {
                        if (ended.succeeded()) done.tryComplete();
                        else done.tryFail(ended.cause());
                    });
                    return;
                }
                Piece piece = pieces.get(index);
                if (piece instanceof Bytes b) {
                    response.write(b.buffer());
                    index++;
                    continue;
                }
                Region region = (Region) piece;
                if (remaining < 0) {
                    position = region.offset();
                    remaining = region.length();
                }
                if (remaining == 0) {
                    remaining = -1;
                    index++;
                    continue;
                }
                int n = (int) Math.min(CHUNK, remaining);
                long at = position;
                vertx.executeBlocking(() -> read(at, n), false).onComplete(read -> {
                    if (read.failed()) {
                        done.tryFail(read.cause());
                        return;
                    }
                    if (done.future().isComplete()) return;
                    response.write(read.result());
                    position += n;
                    remaining -= n;
                    next();
                });
                return;
            }
        } catch (RuntimeException e) { // the response was closed under us
            done.tryFail(e);
        }
    }

    private Buffer read(long at, int n) throws IOException {
        ByteBuffer bb = ByteBuffer.allocate(n);
        while (bb.hasRemaining()) {
            if (channel.read(bb, at + bb.position()) < 0) throw new EOFException("stored blob is shorter than catalogued");
        }
        return Buffer.buffer(bb.array());
    }
}
