package dev.ferry.serving;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Idle upstream connections of forwarded downloads, kept per event loop (a download's two
 * connections share one loop) and per object store: a download whose body went through whole hands its connection
 * to the next, which spares the store and Ferry a TCP handshake and a cold socket each. Only the
 * owning event loop touches its connections.
 */
final class StoreConnections {
    private static final int MAX_IDLE_PER_STORE = 16;
    /** Short, so that a store's own keep-alive timeout (Jetty's default under S3Proxy: 30 s) seldom closes a kept connection first. */
    private static final long IDLE_MS = 15_000;
    private static final String WATCH = "idle";
    private static final FastThreadLocal<Map<String, ArrayDeque<Channel>>> IDLE = new FastThreadLocal<>() {
        @Override
        protected Map<String, ArrayDeque<Channel>> initialValue() {
            return new HashMap<>();
        }
    };

    private StoreConnections() {
    }

    /** An open idle connection to {@code store}, taken out of the pool with an empty pipeline; null when there is none. */
    static Channel take(Channel client, String store) {
        assert client.eventLoop().inEventLoop();
        ArrayDeque<Channel> idle = IDLE.get().get(store);
        for (Channel channel; idle != null && (channel = idle.pollLast()) != null; ) {
            Watch watch = (Watch) channel.pipeline().get(WATCH);
            if (watch == null) continue; // closed since, and already forgotten
            watch.timeout.cancel(false);
            channel.pipeline().remove(WATCH);
            if (channel.isActive()) return channel;
            channel.close();
        }
        return null;
    }

    /** Keeps {@code channel}, whose pipeline holds nothing of a download any more, for the next download from {@code store}. */
    static void give(String store, Channel channel) {
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(() -> give(store, channel));
            return;
        }
        ArrayDeque<Channel> idle = IDLE.get().computeIfAbsent(store, s -> new ArrayDeque<>());
        if (idle.size() >= MAX_IDLE_PER_STORE || !channel.isActive()) {
            channel.close();
            return;
        }
        Watch watch = new Watch(idle);
        watch.timeout = channel.eventLoop().schedule(() -> channel.close(), IDLE_MS, TimeUnit.MILLISECONDS);
        channel.pipeline().addLast(WATCH, watch);
        // a download that held its store back at the end left it not reading: the watch, and the next download, must read
        channel.config().setAutoRead(true);
        idle.addLast(channel);
    }

    /** Closes an idle connection that the store closes or sends anything on, and forgets it. */
    private static final class Watch extends ChannelInboundHandlerAdapter {
        private final ArrayDeque<Channel> idle;
        ScheduledFuture<?> timeout;

        Watch(ArrayDeque<Channel> idle) {
            this.idle = idle;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            ctx.close(); // nothing is asked on an idle connection: whatever comes cannot belong to a download
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            ctx.close(); // the store half-closed it
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            timeout.cancel(false);
            idle.remove(ctx.channel());
            ctx.pipeline().remove(this);
        }
    }
}
