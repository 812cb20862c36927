package dev.ferry.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.impl.HttpServerConnection;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Makes the idle timeout count bytes still draining to the client as activity. Vert.x's idle
 * handler sees a write only when it completes, and a zero-copy file region is 1 MiB: a client
 * slower than 1 MiB per idle timeout (under 9 KB/s with the default 120 s) would be cut off
 * mid-download although bytes keep flowing. Here, when the timeout fires, the write in flight
 * is checked for progress since the last check; only a connection that moved no byte in a whole
 * period (read, write or partial write) is closed, as with nginx's send_timeout. The close
 * therefore comes between one and two timeouts after the last byte moved.
 * <p>
 * This reaches into one Vert.x implementation interface (the connection's Netty pipeline); if a
 * later Vert.x no longer offers it, connections keep Vert.x's plain idle timeout and the test of
 * slow downloads says so.
 */
final class ProgressAwareIdleTimeout {
    private static final String NAME = "idle"; // the name Vert.x gives its idle handler

    private ProgressAwareIdleTimeout() {
    }

    static void install(HttpConnection connection, Duration timeout) {
        if (!(connection instanceof HttpServerConnection server)) return;
        ChannelPipeline pipeline = server.channelHandlerContext().pipeline();
        ChannelHandler current = pipeline.get(NAME);
        if (current instanceof IdleStateHandler && !(current instanceof Handler)) {
            pipeline.replace(NAME, NAME, new Handler(timeout));
        }
    }

    private static final class Handler extends IdleStateHandler {
        private int lastMessage;
        private long lastProgress = -1;
        private long lastPending = -1;

        Handler(Duration timeout) {
            super(0, 0, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent event) throws Exception {
            ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
            if (out != null && out.current() != null) {
                int message = System.identityHashCode(out.current());
                long progress = out.currentProgress();
                long pending = out.totalPendingWriteBytes();
                boolean moved = message != lastMessage || progress != lastProgress || pending != lastPending;
                lastMessage = message;
                lastProgress = progress;
                lastPending = pending;
                if (moved) return; // still draining to a slow client: not idle
            }
            super.channelIdle(ctx, event); // Vert.x closes the connection on this event
        }
    }
}
