package dev.ferry.serving;

import dev.ferry.core.Digest;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpUtil;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.core.internal.resolver.NameResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Relays a large body from a plain-HTTP object store to a plain HTTP/1.x client over a Netty
 * connection of Ferry's own on the client connection's event loop: the buffers Netty reads from
 * the store go to the client's socket as they are, with no copy in the JVM and no HTTP client in
 * between, which costs Ferry, and the client reading it, less than the buffered relay and less
 * than splice(2) did. The head is read and checked as on the buffered path
 * ({@link RemoteRelay.HeadCheck}) before anything is answered; the body bytes that arrive with it
 * are written by Vert.x, and only once they are on the wire does the rest follow, in order behind
 * them. TLS on either side, HTTP/2, another transport than epoll, or a body of 2 GiB or more keeps
 * the buffered path.
 * <p>
 * Once a body has gone through whole its connection waits in {@link StoreConnections} for the
 * next download from that store. A client that leaves closes it (a body half moved cannot be
 * taken back), and the client connection's idle timeout covers an upstream that stalls.
 */
final class ForwardedBody {
    private static final Logger LOG = LoggerFactory.getLogger(ForwardedBody.class);
    /** Smaller bodies go the buffered way, whose pooled client costs little per download at these sizes. */
    static final long MIN_LENGTH = 256 * 1024;
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    /**
     * Bytes handed to the client's socket but not yet in it at which the store is no longer read,
     * so that a slow client holds back the store through TCP and costs Ferry at most this much
     * memory (plus one read buffer).
     */
    private static final int MAX_UNSENT = 256 * 1024;
    /** ...and below which it is read again. */
    private static final int RESUME_UNSENT = 128 * 1024;
    private static final String DECODER = "head";

    private ForwardedBody() {
    }

    /** The client's epoll channel when {@code length} bytes from {@code source} can be forwarded to it; null otherwise. */
    static AbstractEpollStreamChannel target(HttpServerRequest request, URI source, long length) {
        if (length < MIN_LENGTH || length >= Integer.MAX_VALUE || !"http".equals(source.getScheme())) return null;
        if (request.isSSL() || request.version() == HttpVersion.HTTP_2) return null;
        if (!(request.connection() instanceof HttpServerConnection connection)) return null;
        Channel channel = connection.channelHandlerContext().channel();
        return channel instanceof AbstractEpollStreamChannel epoll ? epoll : null;
    }

    /**
     * GETs {@code source} (with {@code range}, when not null) and answers {@code response} with
     * its body once {@code check} accepts the head; the future fails as {@link RemoteRelay#send}'s.
     */
    static Future<Void> send(NameResolver resolver, AbstractEpollStreamChannel client, HttpServerResponse response,
                             Digest digest, URI source, String range, long expected, RemoteRelay.HeadCheck check) {
        Context context = io.vertx.core.Vertx.currentContext();
        String request = requestHead(source, range);
        Transfer transfer = new Transfer(context, client, response, digest, expected, check, request);
        int port = source.getPort() > 0 ? source.getPort() : 80;
        resolver.resolve(source.getHost()).onComplete(resolved -> {
            if (resolved.failed()) {
                transfer.fail(new IOException("cannot resolve the object store " + source.getHost() + ": " + resolved.cause()));
                return;
            }
            InetSocketAddress address = new InetSocketAddress(resolved.result(), port);
            transfer.store = source.getRawAuthority() + "@" + address;
            Runnable start = () -> transfer.start(address);
            if (client.eventLoop().inEventLoop()) start.run();
            else client.eventLoop().execute(start);
        });
        return transfer.result.future();
    }

    /** The presigned URL's path and query exactly as signed, and its Host. */
    private static String requestHead(URI source, String range) {
        String target = source.getRawPath() + (source.getRawQuery() == null ? "" : "?" + source.getRawQuery());
        return "GET " + target + " HTTP/1.1\r\nHost: " + source.getRawAuthority() + "\r\n"
                + (range == null ? "" : "Range: " + range + "\r\n") + "\r\n";
    }

    /** One download: the upstream channel's last handler. Event-loop confined (the client's loop, which the upstream shares). */
    private static final class Transfer extends ChannelInboundHandlerAdapter {
        private enum State { HEAD, HEAD_CHECKED, SENDING, DONE }

        private final Context context;
        private final AbstractEpollStreamChannel client;
        private final HttpServerResponse response;
        private final Digest digest;
        private final long expected;
        private final RemoteRelay.HeadCheck check;
        private final Promise<Void> result = Promise.promise();
        private final ChannelFutureListener clientClosed = f -> fail(new IOException("the client closed the connection"));
        private final ByteBuf early = Unpooled.buffer();
        private final String request;
        private long toRead;
        private long unsent;
        private State state = State.HEAD;
        private boolean ended;
        private boolean keepAlive;
        private InetSocketAddress address;
        /** Whether {@link #upstream} came from the pool: one that the store closed while idle is replaced once. */
        private boolean reused;
        /** Whether the store answered 408 once already: asked again once, on a new connection. */
        private boolean timedOut;
        private Channel upstream;
        String store;

        Transfer(Context context, AbstractEpollStreamChannel client, HttpServerResponse response, Digest digest, long expected,
                 RemoteRelay.HeadCheck check, String request) {
            this.context = context;
            this.client = client;
            this.response = response;
            this.digest = digest;
            this.expected = expected;
            this.check = check;
            this.request = request;
            client.closeFuture().addListener(clientClosed);
        }

        /** On the client's event loop: asks over an idle connection to the store when there is one, else over a new one. */
        void start(InetSocketAddress address) {
            if (result.future().isComplete()) return;
            this.address = address;
            Channel idle = StoreConnections.take(client, store);
            if (idle == null) {
                connect();
                return;
            }
            reused = true;
            attach(idle);
            ask();
        }

        private void connect() {
            reused = false;
            new Bootstrap().group(client.eventLoop()).channel(EpollSocketChannel.class)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS)
                    .option(ChannelOption.TCP_NODELAY, true)
                    // an EOF right behind the body is told from one that cuts it short by what was read before it
                    .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .handler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            attach(ch);
                        }
                    })
                    .connect(address).addListener((ChannelFutureListener) connected -> {
                        if (connected.channel() != upstream) return;
                        if (!connected.isSuccess()) fail(new IOException("cannot reach the object store for blob " + digest + ": " + connected.cause()));
                        else if (result.future().isComplete()) connected.channel().close();
                        else ask();
                    });
        }

        private void attach(Channel channel) {
            upstream = channel;
            channel.pipeline().addLast(DECODER, new HttpResponseDecoder()).addLast(this);
        }

        private void ask() {
            Channel asked = upstream;
            asked.writeAndFlush(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII)).addListener(written -> {
                if (!written.isSuccess() && asked == upstream) {
                    lost(new IOException("cannot ask the object store for blob " + digest + ": " + written.cause()));
                }
            });
        }

        /**
         * The upstream connection went before the head was in. A kept one may simply have been
         * closed by the store while idle, and nothing is answered yet: ask once more on a new one.
         */
        private void lost(IOException cause) {
            if (state != State.HEAD || !reused || result.future().isComplete()) {
                fail(cause);
                return;
            }
            askAgain();
        }

        private void askAgain() {
            Channel gone = upstream;
            upstream = null; // its last events are no longer this download's
            gone.close();
            connect();
        }

        @Override
        public boolean isSharable() {
            return true;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (ctx.channel() != upstream) {
                io.netty.util.ReferenceCountUtil.release(msg);
                return;
            }
            try {
                if (msg instanceof HttpResponse head) {
                    if (head.decoderResult().isFailure()) {
                        fail(new IOException("unreadable answer from the object store for blob " + digest + ": " + head.decoderResult().cause()));
                        return;
                    }
                    if (head.status().code() == RemoteRelay.REQUEST_TIMEOUT && !timedOut) {
                        timedOut = true; // a store may time a kept connection out just as it is asked
                        askAgain();
                        return;
                    }
                    check.verify(head.status().code(), head.headers().get(HttpHeaderNames.CONTENT_LENGTH),
                            head.headers().get(HttpHeaderNames.CONTENT_RANGE));
                    state = State.HEAD_CHECKED;
                    keepAlive = HttpUtil.isKeepAlive(head);
                    ctx.channel().config().setAutoRead(false); // the rest waits in the socket until the head is out
                } else if (msg instanceof HttpContent content) {
                    take(content.content());
                } else if (msg instanceof ByteBuf bytes) { // the body as read, once the head decoder has left
                    take(bytes);
                }
            } catch (IOException refused) {
                fail(refused);
            } finally {
                io.netty.util.ReferenceCountUtil.release(msg);
            }
        }

        private void take(ByteBuf bytes) throws IOException {
            if (state == State.SENDING) {
                forward(bytes);
                return;
            }
            if (state != State.HEAD_CHECKED || early.readableBytes() + bytes.readableBytes() > expected) {
                throw new IOException("the object store sent more than the " + expected + " bytes it announced");
            }
            early.writeBytes(bytes);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (ctx.channel() != upstream || result.future().isComplete()) return;
            if (state == State.SENDING) {
                forwarded();
                return;
            }
            if (state != State.HEAD_CHECKED) return;
            state = State.SENDING;
            ctx.pipeline().remove(DECODER);
            context.runOnContext(v -> sendEarlyBytes());
        }

        /** Vert.x writes the head and the bytes that came with it; the rest follows once they are on the wire. */
        private void sendEarlyBytes() {
            if (result.future().isComplete()) return;
            Future<Void> written;
            try {
                written = early.isReadable() ? response.write(Buffer.buffer(ByteBufUtil.getBytes(early)))
                        : response.writeHead();
            } catch (RuntimeException closed) {
                fail(closed);
                return;
            }
            long remaining = expected - early.readableBytes();
            if (remaining > 0 && ended) {
                fail(new IOException("the object store ended the body of blob " + digest + " after " + early.readableBytes()
                        + " of " + expected + " bytes"));
                return;
            }
            written.onComplete(done -> {
                if (done.failed()) fail(done.cause());
                else if (remaining == 0) finish();
                else forwardRest(remaining);
            });
        }

        private void forwardRest(long remaining) {
            if (result.future().isComplete()) return;
            toRead = remaining;
            upstream.config().setAutoRead(true);
        }

        /**
         * Hands a buffer read from the store to the client's socket as it is, past the HTTP
         * encoder (the head is out and the body is plain bytes), flushed once per read round.
         */
        private void forward(ByteBuf bytes) throws IOException {
            int length = bytes.readableBytes();
            if (length > toRead) {
                throw new IOException("the object store sent more than the " + expected + " bytes it announced for blob " + digest);
            }
            toRead -= length;
            unsent += length;
            ChannelPromise sent = client.newPromise();
            sent.addListener(f -> {
                unsent -= length;
                if (result.future().isComplete()) return;
                if (!f.isSuccess()) fail(new IOException("the client connection failed: " + f.cause()));
                else if (toRead == 0 && unsent == 0) context.runOnContext(v -> finish());
                else if (unsent < RESUME_UNSENT && !upstream.config().isAutoRead()) upstream.config().setAutoRead(true);
            });
            client.unsafe().write(bytes.retain(), sent);
            if (unsent >= MAX_UNSENT) upstream.config().setAutoRead(false); // ends this read round too
        }

        /** After a read round: out with what it read. */
        private void forwarded() {
            client.unsafe().flush();
        }

        private void finish() {
            if (result.future().isComplete()) return;
            state = State.DONE;
            release(keepAlive && upstream.isActive() && !((DuplexChannel) upstream).isInputShutdown());
            try {
                response.end().onComplete(done -> {
                    if (done.succeeded()) result.tryComplete();
                    else result.tryFail(done.cause());
                });
            } catch (RuntimeException closed) {
                result.tryFail(closed);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (ctx.channel() != upstream || !(event instanceof ChannelInputShutdownEvent)) return;
            switch (state) {
                case HEAD -> lost(new IOException("the object store closed the connection for blob " + digest + " before answering"));
                case HEAD_CHECKED -> ended = true; // the whole body may have come with the head
                case SENDING -> {
                    if (toRead > 0) fail(new IOException("the object store ended the body of blob " + digest
                            + " before its announced " + expected + " bytes"));
                }
                default -> {
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ctx.channel() == upstream && state != State.DONE) lost(new IOException("the object store closed the connection for blob " + digest));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (ctx.channel() == upstream) lost(new IOException("GET of blob " + digest + " from the object store failed: " + cause));
            else ctx.close();
        }

        /** Gives up once: the upstream goes, the caller answers an error or cuts the client's connection. */
        void fail(Throwable cause) {
            if (result.future().isComplete()) return;
            if (state == State.SENDING) LOG.warn("cutting the download of blob {} short: {}", digest, cause.getMessage());
            state = State.DONE;
            release(false);
            result.tryFail(cause);
        }

        /** Hands the upstream connection on when {@code whole} (the body went through and it stays open), else closes it. */
        private void release(boolean whole) {
            client.closeFuture().removeListener(clientClosed);
            if (early.refCnt() > 0) early.release();
            if (upstream == null) return;
            if (!whole) {
                upstream.close();
                return;
            }
            if (upstream.pipeline().context(this) != null) upstream.pipeline().remove(this);
            StoreConnections.give(store, upstream);
        }
    }
}
