package dev.ferry.http;

import dev.ferry.config.ConfigLoader;
import dev.ferry.config.FerryConfig;
import dev.ferry.importer.ChecksummedTreeInput;
import dev.ferry.importer.ImportOptions;
import dev.ferry.importer.Importer;
import dev.ferry.store.Digest;
import dev.ferry.store.Store;
import dev.ferry.testing.Trees;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class FileServerTest {
    private static final String DRIVER = "driver/7.0.0+driver/x86_64/falco_ubuntu-gcp_5.15.0-1049-gcp_57~20.04.1.ko";

    @TempDir
    Path tmp;
    Store store;
    FerryServer server;
    byte[] driverBytes;

    @BeforeEach
    void start() throws IOException {
        store = Store.open(tmp.resolve("store"));
        driverBytes = new byte[300_000];
        new java.util.Random(7).nextBytes(driverBytes);
        Map<String, byte[]> files = Trees.files("index.yaml", "entries: []\n", "a.txt", "one");
        files.put(DRIVER, driverBytes);
        importTree("t1", files);
        FerryConfig config = ConfigLoader.load(null, Map.of(),
                Map.of("server.host", "127.0.0.1", "server.port", "0", "store.reloadInterval", "100ms"));
        server = FerryServer.start(config, store);
    }

    private void importTree(String name, Map<String, byte[]> files) throws IOException {
        new Importer(store).run(ChecksummedTreeInput.open(Trees.tree(tmp.resolve(name), files), new ImportOptions()), n -> { });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<Buffer> get(Vertx vertx, HttpMethod method, String uri) throws Exception {
        return WebClient.create(vertx).request(method, server.port(), "127.0.0.1", uri).send()
                .await(10, TimeUnit.SECONDS);
    }

    /** Sends the URI byte for byte, bypassing any client-side normalisation. */
    private HttpClientResponse raw(Vertx vertx, String uri) throws Exception {
        HttpClient client = vertx.createHttpClient();
        return client.request(new RequestOptions().setHost("127.0.0.1").setPort(server.port()).setURI(uri))
                .compose(req -> req.send()).await(10, TimeUnit.SECONDS);
    }

    @Test
    void getServesExactBytesWithHeaders(Vertx vertx, VertxTestContext ctx) throws Exception {
        HttpResponse<Buffer> r = get(vertx, HttpMethod.GET, "/driver/7.0.0%2Bdriver/x86_64/falco_ubuntu-gcp_5.15.0-1049-gcp_57~20.04.1.ko");
        assertEquals(200, r.statusCode());
        assertArrayEquals(driverBytes, r.bodyAsBuffer().getBytes());
        assertEquals(Integer.toString(driverBytes.length), r.getHeader("Content-Length"));
        assertEquals("application/octet-stream", r.getHeader("Content-Type"));
        Digest d = Digest.ofBytes(driverBytes);
        assertEquals("\"" + d + "\"", r.getHeader("ETag"));
        assertEquals(d.hex(), r.getHeader("X-Checksum-Sha256"));
        assertEquals("1", r.getHeader("Ferry-Generation"));
        assertTrue(r.getHeader("Last-Modified").endsWith(" GMT"));

        HttpResponse<Buffer> rawPlus = get(vertx, HttpMethod.GET, "/driver/7.0.0+driver/x86_64/falco_ubuntu-gcp_5.15.0-1049-gcp_57~20.04.1.ko");
        assertArrayEquals(driverBytes, rawPlus.bodyAsBuffer().getBytes());
        assertEquals("application/yaml", get(vertx, HttpMethod.GET, "/index.yaml").getHeader("Content-Type"));
        ctx.completeNow();
    }

    @Test
    void headHasTheSameHeadersAndNoBody(Vertx vertx, VertxTestContext ctx) throws Exception {
        HttpResponse<Buffer> r = get(vertx, HttpMethod.HEAD, "/" + DRIVER.replace("+", "%2B"));
        assertEquals(200, r.statusCode());
        assertEquals(Integer.toString(driverBytes.length), r.getHeader("Content-Length"));
        assertNull(r.body());
        ctx.completeNow();
    }

    @Test
    void missesAre404AndOtherMethods405(Vertx vertx, VertxTestContext ctx) throws Exception {
        assertEquals(404, get(vertx, HttpMethod.GET, "/nope.txt").statusCode());
        assertEquals(404, get(vertx, HttpMethod.HEAD, "/driver/").statusCode());
        HttpResponse<Buffer> put = get(vertx, HttpMethod.PUT, "/a.txt");
        assertEquals(405, put.statusCode());
        assertEquals("GET, HEAD", put.getHeader("Allow"));
        ctx.completeNow();
    }

    @Test
    void traversalNeverReachesAnything(Vertx vertx, VertxTestContext ctx) throws Exception {
        for (String uri : new String[]{"/../a.txt", "/x/%2e%2e/a.txt", "/x/..%2fa.txt", "/%2e%2e%2fa.txt", "/x%5c..%5ca.txt",
                "/a.txt%00", "/./a.txt"}) {
            int status = raw(vertx, uri).statusCode();
            assertTrue(status == 400 || status == 404, uri + " gave " + status);
        }
        ctx.completeNow();
    }

    @Test
    void healthReadinessAndMetrics(Vertx vertx, VertxTestContext ctx) throws Exception {
        assertEquals(200, get(vertx, HttpMethod.GET, "/healthz").statusCode());
        HttpResponse<Buffer> ready = get(vertx, HttpMethod.GET, "/readyz");
        assertEquals(200, ready.statusCode());
        assertTrue(ready.bodyAsString().contains("generation 1"));
        get(vertx, HttpMethod.GET, "/a.txt");
        String metrics = get(vertx, HttpMethod.GET, "/metrics").bodyAsString();
        assertTrue(metrics.contains("ferry_catalog_generation 1.0"), metrics);
        assertTrue(metrics.contains("ferry_catalog_entries{family=\"file\"} 2.0"), metrics);
        assertTrue(metrics.contains("ferry_catalog_entries{family=\"falco\"} 2.0"), metrics); // the driver, at both layouts
        assertTrue(metrics.contains("vertx_http_server_requests_total"), metrics);
        ctx.completeNow();
    }

    @Test
    void aNewGenerationAndARollbackAreServedWithoutRestart(Vertx vertx, VertxTestContext ctx) throws Exception {
        importTree("t2", Trees.files("a.txt", "two"));
        awaitGeneration(vertx, 2);
        assertEquals("two", get(vertx, HttpMethod.GET, "/a.txt").bodyAsString());
        store.rollback(OptionalLong.empty());
        awaitGeneration(vertx, 1);
        assertEquals("one", get(vertx, HttpMethod.GET, "/a.txt").bodyAsString());
        ctx.completeNow();
    }

    private void awaitGeneration(Vertx vertx, int generation) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String g = get(vertx, HttpMethod.HEAD, "/a.txt").getHeader("Ferry-Generation");
            if (Integer.toString(generation).equals(g)) return;
            Thread.sleep(50);
        }
        throw new AssertionError("generation " + generation + " not served within 10 s");
    }
}
