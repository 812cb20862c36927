package dev.ferry.http;

import dev.ferry.core.Digest;
import dev.ferry.testing.ServedStore;
import dev.ferry.testing.Trees;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A download that has started keeps getting the bytes of the generation it started with, even
 * when a new generation replaces the file and garbage collection deletes the old blob while the
 * client is still reading: zero-copy HTTP/1.1, streamed HTTP/2 and multipart alike.
 */
@ExtendWith(VertxExtension.class)
class InFlightDownloadTest {
    private static final int SIZE = 24 * 1024 * 1024; // far more than loopback socket buffers hold

    @TempDir
    Path tmp;
    ServedStore served;
    byte[] original;
    Path blob;

    @BeforeEach
    void start() throws Exception {
        original = new byte[SIZE];
        new java.util.Random(11).nextBytes(original);
        served = ServedStore.start(tmp, Map.of("big.bin", original), Map.of());
        blob = served.store().root().resolve("blobs/sha256").resolve(Digest.ofBytes(original).hex());
        assertTrue(Files.exists(blob));
    }

    @AfterEach
    void stop() {
        served.close();
    }

    /** A paused response: the head has arrived, the body waits until {@code body} is asked for. */
    private record Paused(HttpClientResponse response, Future<Buffer> body) {
    }

    private Paused startPaused(Vertx vertx, HttpVersion version, String range) throws Exception {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(version)
                .setHttp2ClearTextUpgrade(false));
        Promise<Buffer> body = Promise.promise();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
                .setPort(served.port()).setURI("/big.bin");
        if (range != null) options.putHeader("Range", range);
        HttpClientResponse response = client.request(options).compose(HttpClientRequest::send).map(r -> {
            r.pause(); // on the event loop, before any body chunk is handed over
            Buffer acc = Buffer.buffer();
            r.handler(acc::appendBuffer);
            r.exceptionHandler(body::tryFail);
            r.endHandler(v -> body.tryComplete(acc));
            return r;
        }).await(10, TimeUnit.SECONDS);
        return new Paused(response, body.future());
    }

    /** Replaces big.bin in a new generation and collects the old blob, while the download waits. */
    private void replaceAndCollect() throws Exception {
        served.importFiles(Trees.files("big.bin", "replaced"));
        served.store().gc(1);
        assertFalse(Files.exists(blob), "gc must really have deleted the blob the download is reading");
    }

    private double bytesSentCounter() {
        return served.server().metrics().registry().get("ferry.files.sent.bytes").counter().count();
    }

    private void assertSurvives(Vertx vertx, HttpVersion version, String range, byte[] expected, int status) throws Exception {
        Paused paused = startPaused(vertx, version, range);
        assertEquals(status, paused.response().statusCode());
        assertEquals(version, paused.response().version());
        assertEquals("1", paused.response().getHeader("Ferry-Generation"));
        assertEquals(0.0, bytesSentCounter(), "the server must still be sending when the blob goes away");
        replaceAndCollect();
        paused.response().resume();
        byte[] got = paused.body().await(60, TimeUnit.SECONDS).getBytes();
        assertEquals(expected.length, got.length);
        assertArrayEquals(expected, got);
        Buffer fresh = vertx.createHttpClient().request(HttpMethod.GET, served.port(), "127.0.0.1", "/big.bin")
                .compose(req -> req.send().compose(HttpClientResponse::body)).await(10, TimeUnit.SECONDS);
        assertEquals("replaced", fresh.toString(), "a new request sees the new generation");
    }

    @Test
    void http11ZeroCopyDownloadSurvivesReplacementAndGc(Vertx vertx) throws Exception {
        assertSurvives(vertx, HttpVersion.HTTP_1_1, null, original, 200);
    }

    @Test
    void http11RangeDownloadSurvivesReplacementAndGc(Vertx vertx) throws Exception {
        assertSurvives(vertx, HttpVersion.HTTP_1_1, "bytes=1000-", Arrays.copyOfRange(original, 1000, SIZE), 206);
    }

    @Test
    void http2StreamedDownloadSurvivesReplacementAndGc(Vertx vertx) throws Exception {
        assertSurvives(vertx, HttpVersion.HTTP_2, null, original, 200);
    }

    @Test
    void multipartDownloadSurvivesReplacementAndGc(Vertx vertx) throws Exception {
        Paused paused = startPaused(vertx, HttpVersion.HTTP_1_1, "bytes=0-9,100-" + (SIZE - 1));
        assertEquals(206, paused.response().statusCode());
        replaceAndCollect();
        paused.response().resume();
        byte[] got = paused.body().await(60, TimeUnit.SECONDS).getBytes();
        assertEquals(Long.parseLong(paused.response().getHeader("Content-Length")), got.length);
        // each part's bytes follow its part head; find them by their known content
        int first = indexOf(got, Arrays.copyOfRange(original, 0, 10));
        assertTrue(first > 0, "first part not found");
        int second = indexOf(got, Arrays.copyOfRange(original, 100, 164));
        assertTrue(second > first, "second part not found");
        assertArrayEquals(Arrays.copyOfRange(original, 100, SIZE), Arrays.copyOfRange(got, second, second + SIZE - 100));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
