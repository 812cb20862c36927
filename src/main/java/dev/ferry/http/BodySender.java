package dev.ferry.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

import java.nio.channels.FileChannel;
import java.util.List;

/** Sends a response body laid out as pieces, from an open file or from memory; ends the response. */
public final class BodySender {
    private BodySender() {
    }

    /** Zero-copy sendfile for one region over HTTP/1.x; otherwise streamed from the same open file. */
    static Future<Void> fromFile(RoutingContext ctx, FileChannel channel, List<ChannelStreamer.Piece> pieces) {
        HttpServerResponse response = ctx.response();
        try {
            if (pieces.size() == 1 && pieces.get(0) instanceof ChannelStreamer.Region region
                    && ctx.request().version() != HttpVersion.HTTP_2) {
                return response.sendFile(channel, region.offset(), region.length());
            }
            return ChannelStreamer.send(ctx.vertx(), response, channel, pieces);
        } catch (RuntimeException e) { // the connection went away before the head was written
            return Future.failedFuture(e);
        }
    }

    /** One region of a file the caller opened before answering (and closes once the future completes). */
    public static Future<Void> fromFile(RoutingContext ctx, FileChannel channel, long offset, long length) {
        return fromFile(ctx, channel, List.of(new ChannelStreamer.Region(offset, length)));
    }

    /** A body already in memory: the whole buffer as it is, or the pieces assembled. */
    static Future<Void> fromMemory(HttpServerResponse response, Buffer body, List<ChannelStreamer.Piece> pieces) {
        if (pieces.size() == 1 && pieces.get(0) instanceof ChannelStreamer.Region r && r.offset() == 0 && r.length() == body.length()) {
            return response.end(body);
        }
        Buffer out = Buffer.buffer();
        for (ChannelStreamer.Piece piece : pieces) {
            if (piece instanceof ChannelStreamer.Bytes b) out.appendBuffer(b.buffer());
            else if (piece instanceof ChannelStreamer.Region r) out.appendBuffer(body, (int) r.offset(), (int) r.length());
        }
        return response.end(out);
    }
}
