package dev.ferry.http;

import dev.ferry.core.http.HttpDates;
import dev.ferry.core.Digest;
import dev.ferry.store.FileEntry;
import dev.ferry.testing.RawHttp;
import dev.ferry.testing.ServedStore;
import dev.ferry.testing.Trees;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class FileServerTest {
    static final String DRIVER = "driver/7.0.0+driver/x86_64/falco_ubuntu-gcp_5.15.0-1049-gcp_57~20.04.1.ko";
    static final String FALCOCTL_URL = "/driver/7.0.0%2Bdriver/x86_64/falco_ubuntu-gcp_5.15.0-1049-gcp_57~20.04.1.ko";

    @TempDir
    Path tmp;
    ServedStore served;
    byte[] driverBytes;

    @BeforeEach
    void start() throws IOException {
        driverBytes = new byte[300_000];
        new java.util.Random(7).nextBytes(driverBytes);
        Map<String, byte[]> files = Trees.files("index.yaml", "entries: []\n", "a.txt", "one", "x/neighbour.txt", "next door");
        files.put(DRIVER, driverBytes);
        served = ServedStore.start(tmp, files, Map.of());
    }

    @AfterEach
    void stop() {
        served.close();
    }

    private HttpResponse<Buffer> send(Vertx vertx, HttpMethod method, String uri) throws Exception {
        return WebClient.create(vertx).request(method, served.port(), "127.0.0.1", uri).send().await(10, TimeUnit.SECONDS);
    }

    @Test
    void getServesExactBytesWithEveryHeader(Vertx vertx) throws Exception {
        HttpResponse<Buffer> r = send(vertx, HttpMethod.GET, FALCOCTL_URL);
        assertEquals(200, r.statusCode());
        assertArrayEquals(driverBytes, r.bodyAsBuffer().getBytes());
        Digest d = Digest.ofBytes(driverBytes);
        FileEntry entry = served.store().current().files().get(DRIVER);
        assertEquals(Integer.toString(driverBytes.length), r.getHeader("Content-Length"));
        assertEquals("application/octet-stream", r.getHeader("Content-Type"));
        assertEquals("\"sha256:" + d.hex() + "\"", r.getHeader("ETag"));
        assertEquals(HttpDates.format(entry.publishedAt()), r.getHeader("Last-Modified"));
        assertEquals("bytes", r.getHeader("Accept-Ranges"));
        assertEquals("sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(d.hex())) + ":", r.getHeader("Repr-Digest"));
        assertEquals(d.hex(), r.getHeader("X-Checksum-Sha256"));
        assertEquals("1", r.getHeader("Ferry-Generation"));
        assertEquals("nosniff", r.getHeader("X-Content-Type-Options"));
        assertEquals("application/yaml", send(vertx, HttpMethod.GET, "/index.yaml").getHeader("Content-Type"));
    }

    @Test
    void falcoctlUrlAndRawPlusAndLegacyEscapedPlusAllServeTheDriver(Vertx vertx) throws Exception {
        for (String uri : List.of(FALCOCTL_URL, "/" + DRIVER, "/" + DRIVER.replace("+", "%2B"), "/" + DRIVER.replace("+", "%2b"))) {
            HttpResponse<Buffer> r = send(vertx, HttpMethod.GET, uri);
            assertEquals(200, r.statusCode(), uri);
            assertArrayEquals(driverBytes, r.bodyAsBuffer().getBytes(), uri);
        }
        assertEquals(404, send(vertx, HttpMethod.GET, "/" + DRIVER.replace("+", "%20")).statusCode(), "+ must never mean space");
    }

    @Test
    void headHasTheSameHeadersAsGetAndNoBody(Vertx vertx) throws Exception {
        HttpResponse<Buffer> get = send(vertx, HttpMethod.GET, FALCOCTL_URL);
        HttpResponse<Buffer> head = send(vertx, HttpMethod.HEAD, FALCOCTL_URL);
        assertEquals(200, head.statusCode());
        assertNull(head.body());
        for (String h : List.of("Content-Length", "Content-Type", "ETag", "Last-Modified", "Accept-Ranges", "Repr-Digest",
                "X-Checksum-Sha256", "Ferry-Generation", "X-Content-Type-Options")) {
            assertEquals(get.getHeader(h), head.getHeader(h), h);
        }
    }

    @Test
    void missesAre404AndOtherMethods405(Vertx vertx) throws Exception {
        assertEquals(404, send(vertx, HttpMethod.GET, "/nope.txt").statusCode());
        assertEquals(404, send(vertx, HttpMethod.HEAD, "/nope/").statusCode());
        assertEquals("10", send(vertx, HttpMethod.GET, "/nope.txt").getHeader("Content-Length"));
        for (HttpMethod m : List.of(HttpMethod.PUT, HttpMethod.POST, HttpMethod.DELETE, HttpMethod.OPTIONS)) {
            HttpResponse<Buffer> r = send(vertx, m, "/a.txt");
            assertEquals(405, r.statusCode(), m.name());
            assertEquals("GET, HEAD", r.getHeader("Allow"));
        }
    }

    /** Request targets sent byte for byte; none may return a stored file (neighbour or not) or anything else. */
    @Test
    void traversalEncodingsNeverReachAnything() throws Exception {
        String blob = served.store().current().files().get("a.txt").digest().hex();
        List<String> targets = List.of(
                "/x/../a.txt", "/x/%2e%2e/a.txt", "/x/%2E%2E/a.txt", "/x/.%2e/a.txt", "/x/%2e./a.txt", "/x/..%2fa.txt",
                "/x/..%2Fa.txt", "/%2e%2e%2fa.txt", "/x%5c..%5ca.txt", "/x/..%5ca.txt", "/x/..\\a.txt", "/x\\..\\a.txt",
                "/a.txt%00", "/a.txt%00.png", "/x/..%00/a.txt", "/x/%c0%ae%c0%ae/a.txt", "/x/%e0%80%ae%e0%80%ae/a.txt",
                "/x/..%c0%afa.txt", "/x/%252e%252e/a.txt", "/x/%252e%252e%252fa.txt", "/x/..%252fa.txt", "/./a.txt",
                "/x/./neighbour.txt", "/x/%2e/neighbour.txt", "/x/neighbour.txt/../../a.txt", "/x/..;/a.txt",
                "/x/%u002e%u002e/a.txt", "/x/.../a.txt", "/x/%ef%bc%8e%ef%bc%8e/a.txt", "/../../../../etc/passwd",
                "/%2e%2e/%2e%2e/etc/passwd", "//etc/passwd", "/%2fetc%2fpasswd", "/blobs/sha256/" + blob,
                "/../store/blobs/sha256/" + blob, "/store/blobs/sha256/" + blob, "/generations/1.json", "/x/../x/neighbour.txt");
        assertTrue(targets.size() >= 30);
        for (String target : targets) {
            RawHttp.Response r = RawHttp.get(served.port(), target);
            assertTrue(r.status() == 400 || r.status() == 404, target + " gave " + r.status());
            String body = r.text();
            assertFalse(body.contains("one") || body.contains("next door") || body.contains("root:"), target + " leaked: " + body);
            assertEquals(Integer.toString(r.body().length), r.header("Content-Length"), target);
        }
        assertEquals("next door", RawHttp.get(served.port(), "/x/neighbour.txt").text(), "the control request works");
    }

    @Test
    void overLongPathsAreRefused() throws Exception {
        String tooLong = "/" + "a/".repeat(2100);
        int status = RawHttp.get(served.port(), tooLong).status();
        assertTrue(status == 400 || status == 414, "gave " + status);
        assertEquals(414, RawHttp.get(served.port(), "/" + "a".repeat(9000)).status());
    }

    @Test
    void healthReadinessAndMetrics(Vertx vertx) throws Exception {
        assertEquals(200, send(vertx, HttpMethod.GET, "/healthz").statusCode());
        HttpResponse<Buffer> ready = send(vertx, HttpMethod.GET, "/readyz");
        assertEquals(200, ready.statusCode());
        assertTrue(ready.bodyAsString().contains("generation 1"));
        send(vertx, HttpMethod.GET, "/a.txt");
        String metrics = send(vertx, HttpMethod.GET, "/metrics").bodyAsString();
        assertTrue(metrics.contains("ferry_catalog_generation 1.0"), metrics);
        assertTrue(metrics.contains("ferry_catalog_entries{family=\"file\",kind=\"file\"} 3.0"), metrics);
        assertTrue(metrics.contains("ferry_catalog_entries{family=\"falco\",kind=\"file\"} 2.0"), metrics); // the driver, at both layouts
        assertTrue(metrics.contains("ferry_files_sent_bytes_total 3.0"), metrics);
        assertTrue(metrics.contains("ferry_http_requests_total"), metrics);
    }

    @Test
    void aNewGenerationAndARollbackAreServedWithoutRestart(Vertx vertx) throws Exception {
        served.importFiles(Trees.files("a.txt", "two"));
        assertEquals("two", send(vertx, HttpMethod.GET, "/a.txt").bodyAsString());
        assertEquals("2", send(vertx, HttpMethod.HEAD, "/a.txt").getHeader("Ferry-Generation"));
        served.store().rollback(OptionalLong.empty());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!"1".equals(send(vertx, HttpMethod.HEAD, "/a.txt").getHeader("Ferry-Generation"))) {
            assertTrue(System.nanoTime() < deadline, "rollback not picked up by the periodic reload");
            Thread.sleep(50);
        }
        assertEquals("one", new String(send(vertx, HttpMethod.GET, "/a.txt").bodyAsBuffer().getBytes(), StandardCharsets.UTF_8));
    }
}
