package dev.ferry.http;

import dev.ferry.testing.RawHttp;
import dev.ferry.testing.ServedStore;
import dev.ferry.testing.Trees;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keep-alive, idle timeout (never a total timeout), request size limits, HTTP/2 cleartext. */
@ExtendWith(VertxExtension.class)
class ConnectionBehaviourTest {
    @TempDir
    Path tmp;
    ServedStore served;
    byte[] big;

    private void start(Map<String, String> settings, int bigSize) throws Exception {
        big = new byte[bigSize];
        new java.util.Random(5).nextBytes(big);
        Map<String, byte[]> files = new HashMap<>(Trees.files("a.txt", "one"));
        files.put("big.bin", big);
        served = ServedStore.start(tmp, files, settings);
    }

    @AfterEach
    void stop() {
        if (served != null) served.close();
    }

    @Test
    void keepAliveServesManyRequestsOnOneConnection() throws Exception {
        start(Map.of(), 2_000_000);
        try (RawHttp http = new RawHttp(served.port())) {
            for (int i = 0; i < 3; i++) {
                assertEquals("one", http.exchange("GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n", false).text());
                RawHttp.Response file = http.exchange("GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n", false);
                assertArrayEquals(big, file.body());
                assertEquals(200, http.exchange("HEAD /big.bin HTTP/1.1\r\nHost: x\r\n\r\n", true).status());
                assertEquals(206, http.exchange("GET /big.bin HTTP/1.1\r\nHost: x\r\nRange: bytes=0-0,5-5\r\n\r\n", false).status());
                assertEquals(404, http.exchange("GET /missing HTTP/1.1\r\nHost: x\r\n\r\n", false).status());
            }
        }
    }

    @Test
    void idleConnectionsAreClosedAfterTheIdleTimeout() throws Exception {
        start(Map.of("server.idleTimeout", "1s"), 10);
        try (RawHttp http = new RawHttp(served.port())) {
            assertEquals(200, http.exchange("GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n", false).status());
            long t0 = System.nanoTime();
            assertTrue(http.closedByServer());
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(waited >= 900 && waited < 5000, "closed after " + waited + " ms");
        }
    }

    /**
     * A slow client keeps downloading far longer than the idle timeout, as long as bytes keep
     * moving. A small send buffer makes the kernel hand over bytes in small steps, as on a slow
     * link, while each 1 MiB zero-copy region takes longer than the timeout to drain.
     */
    @Test
    void aSlowDownloadOutlivesTheIdleTimeout() throws Exception {
        start(Map.of("server.idleTimeout", "1s", "server.sendBufferSize", "65536"), 3 * 1024 * 1024);
        try (Socket socket = new Socket("127.0.0.1", served.port())) {
            socket.setReceiveBufferSize(64 * 1024);
            OutputStream out = socket.getOutputStream();
            out.write("GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[32 * 1024];
            long t0 = System.nanoTime();
            int n;
            while ((n = in.read(buf)) > 0) { // at most 640 KB/s: one 1 MiB sendfile region takes longer than the idle timeout
                got.write(buf, 0, n);
                if (got.size() >= big.length) {
                    byte[] all = got.toByteArray();
                    if (endsWith(all, big)) break;
                }
                Thread.sleep(50);
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
            byte[] all = got.toByteArray();
            assertTrue(endsWith(all, big), "download cut short after " + all.length + " bytes and " + seconds + " s");
            assertTrue(seconds >= 3, "the download was not slow enough to prove anything: " + seconds + " s");
        }
    }

    private static boolean endsWith(byte[] all, byte[] tail) {
        return all.length >= tail.length && Arrays.equals(all, all.length - tail.length, all.length, tail, 0, tail.length);
    }

    @Test
    void oversizedHeadersAndRequestLinesAreRefused() throws Exception {
        start(Map.of("server.maxHeaderSize", "4096"), 10);
        RawHttp.Response ok = exchange("GET /a.txt HTTP/1.1\r\nHost: x\r\nX-Fill: " + "a".repeat(3000) + "\r\nConnection: close\r\n\r\n");
        assertEquals(200, ok.status());
        RawHttp.Response tooBig = exchange("GET /a.txt HTTP/1.1\r\nHost: x\r\nX-Fill: " + "a".repeat(5000) + "\r\nConnection: close\r\n\r\n");
        assertEquals(431, tooBig.status());
        assertEquals(414, exchange("GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status());
    }

    private RawHttp.Response exchange(String request) throws Exception {
        try (RawHttp http = new RawHttp(served.port())) {
            return http.exchange(request, false);
        }
    }

    @Test
    void http2CleartextWithPriorKnowledgeAndUpgrade(Vertx vertx) throws Exception {
        start(Map.of(), 3_000_000);
        for (boolean upgrade : new boolean[]{false, true}) {
            var client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                    .setHttp2ClearTextUpgrade(upgrade));
            HttpClientResponse[] head = new HttpClientResponse[1];
            Buffer body = client.request(HttpMethod.GET, served.port(), "127.0.0.1", "/big.bin")
                    .compose(req -> req.send().compose(r -> {
                        head[0] = r;
                        return r.body();
                    })).await(20, TimeUnit.SECONDS);
            assertEquals(HttpVersion.HTTP_2, head[0].version(), "upgrade " + upgrade);
            assertEquals(Integer.toString(big.length), head[0].getHeader("Content-Length"));
            assertArrayEquals(big, body.getBytes());
        }
    }

    @Test
    void http2CanBeTurnedOff(Vertx vertx) throws Exception {
        start(Map.of("server.http2", "false"), 10);
        var client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
        assertThrows(Exception.class, () -> client.request(HttpMethod.GET, served.port(), "127.0.0.1", "/a.txt")
                .compose(req -> req.send()).await(10, TimeUnit.SECONDS));
        var upgrading = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2));
        HttpClientResponse r = upgrading.request(HttpMethod.GET, served.port(), "127.0.0.1", "/a.txt")
                .compose(req -> req.send()).await(10, TimeUnit.SECONDS);
        assertEquals(HttpVersion.HTTP_1_1, r.version(), "an Upgrade offer is declined, HTTP/1.1 answers");
        assertFalse(r.getHeader("Content-Length").isEmpty());
    }
}
