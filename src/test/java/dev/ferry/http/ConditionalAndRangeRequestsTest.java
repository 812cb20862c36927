package dev.ferry.http;

import dev.ferry.testing.ServedStore;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Conditional requests (304/412) and byte ranges (206/416, If-Range, multipart) over real HTTP. */
@ExtendWith(VertxExtension.class)
class ConditionalAndRangeRequestsTest {
    private static final int SIZE = 100_000;

    @TempDir
    Path tmp;
    ServedStore served;
    byte[] bytes;
    String etag;
    String lastModified;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        bytes = new byte[SIZE];
        new java.util.Random(3).nextBytes(bytes);
        served = ServedStore.start(tmp, Map.of("plugins/p.zip", bytes), Map.of("server.maxRanges", "4"));
        served.publish("plugins/p.zip", bytes, "application/zip", Map.of());
        HttpResponse<Buffer> head = send(vertx, HttpMethod.HEAD, "/plugins/p.zip");
        etag = head.getHeader("ETag");
        lastModified = head.getHeader("Last-Modified");
    }

    @AfterEach
    void stop() {
        served.close();
    }

    private HttpResponse<Buffer> send(Vertx vertx, HttpMethod method, String uri, String... headers) throws Exception {
        HttpRequest<Buffer> req = WebClient.create(vertx).request(method, served.port(), "127.0.0.1", uri);
        for (int i = 0; i < headers.length; i += 2) req.putHeader(headers[i], headers[i + 1]);
        return req.send().await(10, TimeUnit.SECONDS);
    }

    private HttpResponse<Buffer> get(Vertx vertx, String... headers) throws Exception {
        return send(vertx, HttpMethod.GET, "/plugins/p.zip", headers);
    }

    private byte[] slice(int from, int to) {
        return Arrays.copyOfRange(bytes, from, to + 1);
    }

    @Test
    void ifNoneMatchGives304WithValidatorsAndNoBody(Vertx vertx) throws Exception {
        for (HttpMethod m : new HttpMethod[]{HttpMethod.GET, HttpMethod.HEAD}) {
            HttpResponse<Buffer> r = send(vertx, m, "/plugins/p.zip", "If-None-Match", etag);
            assertEquals(304, r.statusCode(), m.name());
            assertNull(r.body());
            assertEquals(etag, r.getHeader("ETag"));
            assertEquals(lastModified, r.getHeader("Last-Modified"));
            assertEquals(Integer.toString(SIZE), r.getHeader("Content-Length"));
        }
        assertEquals(200, get(vertx, "If-None-Match", "\"sha256:" + "0".repeat(64) + "\"").statusCode());
    }

    @Test
    void ifModifiedSinceGives304(Vertx vertx) throws Exception {
        assertEquals(304, get(vertx, "If-Modified-Since", lastModified).statusCode());
        assertEquals(200, get(vertx, "If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT").statusCode());
    }

    @Test
    void ifMatchAndIfUnmodifiedSinceGive412(Vertx vertx) throws Exception {
        assertEquals(412, get(vertx, "If-Match", "\"sha256:" + "0".repeat(64) + "\"").statusCode());
        assertEquals(200, get(vertx, "If-Match", etag).statusCode());
        assertEquals(412, get(vertx, "If-Unmodified-Since", "Thu, 01 Jan 1970 00:00:00 GMT").statusCode());
        assertEquals(200, get(vertx, "If-Unmodified-Since", lastModified).statusCode());
    }

    @Test
    void singleOpenEndedAndSuffixRangesGive206(Vertx vertx) throws Exception {
        HttpResponse<Buffer> r = get(vertx, "Range", "bytes=100-199");
        assertEquals(206, r.statusCode());
        assertEquals("bytes 100-199/" + SIZE, r.getHeader("Content-Range"));
        assertEquals("100", r.getHeader("Content-Length"));
        assertEquals("application/zip", r.getHeader("Content-Type"));
        assertEquals(etag, r.getHeader("ETag"));
        assertArrayEquals(slice(100, 199), r.bodyAsBuffer().getBytes());

        r = get(vertx, "Range", "bytes=99000-");
        assertEquals(206, r.statusCode());
        assertEquals("bytes 99000-99999/" + SIZE, r.getHeader("Content-Range"));
        assertArrayEquals(slice(99000, SIZE - 1), r.bodyAsBuffer().getBytes());

        r = get(vertx, "Range", "bytes=-10");
        assertEquals("bytes 99990-99999/" + SIZE, r.getHeader("Content-Range"));
        assertArrayEquals(slice(SIZE - 10, SIZE - 1), r.bodyAsBuffer().getBytes());

        r = get(vertx, "Range", "bytes=99990-200000");
        assertEquals("bytes 99990-99999/" + SIZE, r.getHeader("Content-Range"), "end clamped");
    }

    @Test
    void headWithRangeDescribesThe206(Vertx vertx) throws Exception {
        HttpResponse<Buffer> r = send(vertx, HttpMethod.HEAD, "/plugins/p.zip", "Range", "bytes=0-9");
        assertEquals(206, r.statusCode());
        assertEquals("10", r.getHeader("Content-Length"));
        assertEquals("bytes 0-9/" + SIZE, r.getHeader("Content-Range"));
        assertNull(r.body());
    }

    @Test
    void unsatisfiableRangeGives416WithTheSize(Vertx vertx) throws Exception {
        HttpResponse<Buffer> r = get(vertx, "Range", "bytes=" + SIZE + "-");
        assertEquals(416, r.statusCode());
        assertEquals("bytes */" + SIZE, r.getHeader("Content-Range"));
        assertEquals(Integer.toString(r.bodyAsBuffer().length()), r.getHeader("Content-Length"));
    }

    @Test
    void malformedOrTooManyRangesGiveTheWholeFile(Vertx vertx) throws Exception {
        for (String range : new String[]{"bytes=5-1", "bytes=abc", "lines=1-2", "bytes=0-0,2-2,4-4,6-6,8-8"}) {
            HttpResponse<Buffer> r = get(vertx, "Range", range);
            assertEquals(200, r.statusCode(), range);
            assertArrayEquals(bytes, r.bodyAsBuffer().getBytes(), range);
        }
    }

    @Test
    void ifRangeHonoursTheRangeOnlyWhenTheValidatorMatches(Vertx vertx) throws Exception {
        assertEquals(206, get(vertx, "Range", "bytes=0-9", "If-Range", etag).statusCode());
        assertEquals(206, get(vertx, "Range", "bytes=0-9", "If-Range", lastModified).statusCode());
        HttpResponse<Buffer> stale = get(vertx, "Range", "bytes=0-9", "If-Range", "\"sha256:" + "0".repeat(64) + "\"");
        assertEquals(200, stale.statusCode());
        assertArrayEquals(bytes, stale.bodyAsBuffer().getBytes());
        assertEquals(200, get(vertx, "Range", "bytes=0-9", "If-Range", "Thu, 01 Jan 1970 00:00:00 GMT").statusCode());
    }

    @Test
    void severalRangesGiveMultipartByteranges(Vertx vertx) throws Exception {
        HttpResponse<Buffer> r = get(vertx, "Range", "bytes=50000-50009,0-4,-3");
        assertEquals(206, r.statusCode());
        String type = r.getHeader("Content-Type");
        assertTrue(type.startsWith("multipart/byteranges; boundary="), type);
        assertNull(r.getHeader("Content-Range"));
        Buffer body = r.bodyAsBuffer();
        assertEquals(Integer.toString(body.length()), r.getHeader("Content-Length"));
        String boundary = type.substring(type.indexOf('=') + 1);
        String text = new String(body.getBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        Matcher part = Pattern.compile("\r\n--" + boundary + "\r\nContent-Type: application/zip\r\nContent-Range: bytes (\\d+)-(\\d+)/"
                + SIZE + "\r\n\r\n").matcher(text);
        int[][] expected = {{0, 4}, {50000, 50009}, {SIZE - 3, SIZE - 1}};
        for (int[] e : expected) {
            assertTrue(part.find(), text);
            assertEquals(e[0], Integer.parseInt(part.group(1)));
            assertEquals(e[1], Integer.parseInt(part.group(2)));
            byte[] got = Arrays.copyOfRange(body.getBytes(), part.end(), part.end() + e[1] - e[0] + 1);
            assertArrayEquals(slice(e[0], e[1]), got);
        }
        assertTrue(text.endsWith("\r\n--" + boundary + "--\r\n"));
    }

    @Test
    void rangesAndConditionsApplyToSidecarsToo(Vertx vertx) throws Exception {
        HttpResponse<Buffer> full = send(vertx, HttpMethod.GET, "/plugins/p.zip.sha256");
        assertEquals(200, full.statusCode());
        HttpResponse<Buffer> part = send(vertx, HttpMethod.GET, "/plugins/p.zip.sha256", "Range", "bytes=0-63");
        assertEquals(206, part.statusCode());
        assertEquals(full.bodyAsString().substring(0, 64), part.bodyAsString());
        assertEquals(304, send(vertx, HttpMethod.GET, "/plugins/p.zip.sha256", "If-None-Match", full.getHeader("ETag")).statusCode());
    }
}
