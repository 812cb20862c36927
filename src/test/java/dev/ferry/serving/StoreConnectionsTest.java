package dev.ferry.serving;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class StoreConnectionsTest {

    /**
     * A download whose last bytes were held back (its client was slow) ends with its upstream
     * connection not reading; the next download on that kept connection would wait forever for
     * an answer nobody reads.
     */
    @Test
    void aConnectionHandedBackWhileNotReadingIsHandedOutReading() throws Exception {
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (ServerSocket store = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Channel upstream = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                    .handler(new ChannelInboundHandlerAdapter())
                    .connect(store.getLocalSocketAddress()).sync().channel();
            try (Socket accepted = store.accept()) {
                Channel taken = loop.submit(() -> {
                    upstream.config().setAutoRead(false); // held back when the body ended
                    StoreConnections.give("store", upstream);
                    return StoreConnections.take(upstream, "store");
                }).get(5, TimeUnit.SECONDS);
                assertSame(upstream, taken);

                CompletableFuture<String> answer = new CompletableFuture<>();
                loop.submit(() -> taken.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        answer.complete(((ByteBuf) msg).toString(StandardCharsets.US_ASCII));
                        ReferenceCountUtil.release(msg);
                    }
                })).get(5, TimeUnit.SECONDS);
                OutputStream out = accepted.getOutputStream();
                out.write("HTTP/1.1 200 OK".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertEquals("HTTP/1.1 200 OK", answer.get(5, TimeUnit.SECONDS), "the next download reads its answer");
            }
        } finally {
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
        }
    }
}
