package dev.ferry.serving;

import dev.ferry.core.Digest;
import dev.ferry.store.BlobHandle;
import dev.ferry.store.BlobStaging;
import dev.ferry.store.BlobStore;
import dev.ferry.store.FileSystemBlobStore;
import dev.ferry.testing.ServingCases;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The responder over a blob with a local channel (sendfile, or the streamer reading the file)
 * and over the same blob without one (the streamer reading the handle's ranged streams, as for
 * object storage): byte-identical answers, back-pressure on a slow reader, and every handle and
 * stream closed, also when the client goes away mid-body.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BlobResponderTest {
    private static final int LARGE = 64 << 20;
    private static final Instant PUBLISHED = Instant.parse("2026-03-01T10:00:00Z");

    Vertx vertx;
    HttpServer server;
    BlobStore files;
    ChannelFreeBlobStore streamed;
    Digest small;
    Digest large;
    byte[] largeDigest;
    // HTTP/1.1 as the real clients speak: the JDK client misreads a large first response after an h2c upgrade
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        files = new FileSystemBlobStore(tmp);
        streamed = new ChannelFreeBlobStore(files);
        byte[] bytes = new byte[300_000]; // more than two streamer chunks
        new Random(11).nextBytes(bytes);
        BlobStaging staging = files.staging("test");
        small = staging.write(new ByteArrayInputStream(bytes), bytes.length).digest();
        large = staging.write(new RandomBytes(LARGE, 12), LARGE).digest();
        staging.publish();
        staging.close();
        largeDigest = MessageDigest.getInstance("SHA-256").digest(new RandomBytes(LARGE, 12).readAllBytes());

        vertx = Vertx.vertx();
        BlobResponder responder = new BlobResponder(4);
        Router router = Router.router(vertx);
        router.get("/channel/:hex").handler(ctx -> serve(ctx, files, responder));
        router.head("/channel/:hex").handler(ctx -> serve(ctx, files, responder));
        router.get("/stream/:hex").handler(ctx -> serve(ctx, streamed, responder));
        router.head("/stream/:hex").handler(ctx -> serve(ctx, streamed, responder));
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    }

    /** As a route does: open the handle off the event loop (for a whole read when the answer is surely that), then answer from it. */
    private static void serve(RoutingContext ctx, BlobStore store, BlobResponder responder) {
        Digest digest = new Digest(ctx.pathParam("hex"));
        boolean whole = responder.sendsWholeBody(ctx.request());
        ctx.vertx().executeBlocking(() -> whole ? store.openHandleForWholeRead(digest) : store.openHandle(digest), false).onComplete(opened -> {
            if (opened.failed()) {
                ErrorAnswers.text(ctx.request(), 404, "not found\n");
                return;
            }
            BlobHandle handle = opened.result();
            Representation rep = new Representation("application/octet-stream", Representation.etagOf(digest), PUBLISHED,
                    "X-Route", "test");
            responder.respond(ctx.request(), rep, handle, ErrorAnswers.PLAIN);
        });
    }

    @AfterAll
    void stop() throws Exception {
        if (vertx != null) vertx.close().await(10, TimeUnit.SECONDS);
    }

    private URI uri(String kind, Digest d) {
        return URI.create("http://127.0.0.1:" + server.actualPort() + "/" + kind + "/" + d.hex());
    }

    List<ServingCases.Case> cases() {
        return ServingCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void withoutALocalChannelTheAnswersAreByteIdentical(ServingCases.Case c) throws Exception {
        ServingCases.Target withChannel = ServingCases.target(http, uri("channel", small));
        ServingCases.Target without = ServingCases.target(http, uri("stream", small));
        assertArrayEquals(withChannel.bytes(), without.bytes());
        assertEquals(List.of(withChannel.etag(), withChannel.lastModified(), withChannel.contentType()),
                List.of(without.etag(), without.lastModified(), without.contentType()));
        ServingCases.Answer expected = c.expected().apply(withChannel);
        assertEquals(expected, ServingCases.observe(http, uri("channel", small), c, withChannel), "with a channel");
        assertEquals(expected, ServingCases.observe(http, uri("stream", small), c, without), "without a channel");
        awaitAllClosed();
    }

    @Test
    void onlyARequestSureToGetTheWholeBodyOpensTheBlobForAWholeRead() throws Exception {
        URI u = uri("stream", small);
        String etag = Representation.etagOf(small);
        record Asked(String method, String header, String value, int status, int wholeOpens) {
        }
        List<Asked> cases = List.of(new Asked("GET", null, null, 200, 1), new Asked("GET", "Range", "bytes=0-9", 206, 0),
                new Asked("HEAD", null, null, 200, 0), new Asked("GET", "If-None-Match", etag, 304, 0),
                new Asked("GET", "If-None-Match", "\"other\"", 200, 0));
        for (Asked a : cases) {
            int before = streamed.openedForWholeRead.get();
            java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(u)
                    .method(a.method(), java.net.http.HttpRequest.BodyPublishers.noBody());
            if (a.header() != null) request.header(a.header(), a.value());
            var response = http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(a.status(), response.statusCode(), a.toString());
            assertEquals(a.wholeOpens(), streamed.openedForWholeRead.get() - before, a.toString());
        }
        awaitAllClosed();
    }

    @Test
    void aLargeBlobStreamsWithBackPressureToASlowReader() throws Exception {
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(256 * 1024); // a fixed window: what the server may have in flight is bounded
            socket.connect(new InetSocketAddress("127.0.0.1", server.actualPort()));
            socket.setSoTimeout(30_000);
            InputStream in = request(socket, "/stream/" + large.hex());
            String head = readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            assertTrue(head.contains("content-length: " + LARGE), head);
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            long received = copy(in, md, 1 << 20);
            Thread.sleep(1500); // a reader that stalls: without back-pressure the whole blob would be read meanwhile
            long readAhead = streamed.bytesRead.get() - received;
            assertTrue(readAhead < 12L << 20, "read " + readAhead + " bytes ahead of what the client took");
            received += copy(in, md, LARGE - received);
            assertEquals(LARGE, received);
            assertEquals(java.util.HexFormat.of().formatHex(largeDigest), java.util.HexFormat.of().formatHex(md.digest()));
        }
        awaitAllClosed();
    }

    @Test
    void closingTheConnectionMidBodyClosesTheHandleAndStream() throws Exception {
        int handles = streamed.handlesOpened.get();
        try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
            socket.setSoTimeout(30_000);
            InputStream in = request(socket, "/stream/" + large.hex());
            readHead(in);
            copy(in, MessageDigest.getInstance("SHA-256"), 512 * 1024);
        } // gone mid-body
        assertEquals(handles + 1, streamed.handlesOpened.get());
        awaitAllClosed();
        assertTrue(streamed.bytesRead.get() < LARGE * 2L, "the stream stopped being read");
    }

    private void awaitAllClosed() throws InterruptedException {
        await(() -> streamed.handlesClosed.get() == streamed.handlesOpened.get()
                && streamed.streamsClosed.get() == streamed.streamsOpened.get(), "handles "
                + streamed.handlesOpened + " opened, " + streamed.handlesClosed + " closed; streams "
                + streamed.streamsOpened + " opened, " + streamed.streamsClosed + " closed");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not reached within 10 s: " + what);
            Thread.sleep(20);
        }
    }

    private static InputStream request(Socket socket, String target) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return socket.getInputStream();
    }

    /** The status line and headers (lower-cased), up to the blank line. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("connection closed in the head: " + head);
            head.append((char) b);
        }
        return head.toString().toLowerCase(java.util.Locale.ROOT).replace("http/1.1", "HTTP/1.1");
    }

    private static long copy(InputStream in, MessageDigest md, long n) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long done = 0;
        while (done < n) {
            int r = in.read(buffer, 0, (int) Math.min(buffer.length, n - done));
            if (r < 0) break;
            md.update(buffer, 0, r);
            done += r;
        }
        return done;
    }

    /** Reproducible pseudo-random bytes, generated as read: a large blob without a large array. */
    private static final class RandomBytes extends InputStream {
        private final Random random;
        private long left;

        RandomBytes(long size, long seed) {
            this.random = new Random(seed);
            this.left = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) return -1;
            int n = (int) Math.min(len, Math.min(left, 8192));
            byte[] chunk = new byte[n];
            random.nextBytes(chunk);
            System.arraycopy(chunk, 0, b, off, n);
            left -= n;
            return n;
        }
    }
}
