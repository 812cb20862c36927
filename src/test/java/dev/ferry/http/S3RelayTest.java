package dev.ferry.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.config.ConfigLoader;
import dev.ferry.config.FerryConfig;
import dev.ferry.core.Digest;
import dev.ferry.importer.ImportOptions;
import dev.ferry.importer.Importer;
import dev.ferry.store.Store;
import dev.ferry.store.s3.BucketSettings;
import dev.ferry.store.s3.S3Stores;
import dev.ferry.testing.Classified;
import dev.ferry.testing.OciLayouts;
import dev.ferry.testing.RawHttp;
import dev.ferry.testing.S3ProxyServer;
import dev.ferry.testing.TcpTap;
import dev.ferry.testing.TestPki;
import dev.ferry.testing.Trees;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Blobs on object storage without the local cache, served through the relay: byte-exact whole and
 * ranged answers with one upstream GET each, and every way the upstream or the client can let a
 * download down. S3Proxy checks signatures; a byte-for-byte TCP tap in front of it counts the
 * requests, cuts responses short and shows which upstream connections are still open.
 */
class S3RelayTest {
    private static final int BIG = 3 << 20;

    static final S3ProxyServer s3 = S3ProxyServer.shared();
    static TcpTap tap;

    @TempDir
    Path tmp;

    String bucket;
    FerryServer server;
    byte[] big;
    Digest bigDigest;

    @BeforeAll
    static void startServer() throws Exception {
        tap = new TcpTap(s3.port());
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (tap != null) tap.close();
    }

    @AfterEach
    void stopFerry() {
        if (server != null) server.close();
        tap.reset();
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Imports big.bin (and small.txt) into a fresh bucket reached through {@code endpoint}, and serves it. */
    private void serve(BucketSettings settings, int bigSize) throws IOException {
        bucket = settings.bucket();
        Store store = S3Stores.open(tmp.resolve("state"), settings, true, Clock.systemUTC());
        big = random(bigSize, bigSize);
        bigDigest = Digest.ofBytes(big);
        Map<String, byte[]> files = Map.of("big.bin", big, "small.txt", "small".getBytes(StandardCharsets.UTF_8));
        new Importer(store).run(Classified.tree(Trees.tree(tmp.resolve("tree"), files), new ImportOptions()), n -> { });
        FerryConfig config = ConfigLoader.load(null, Map.of(), Map.of("server.host", "127.0.0.1", "server.port", "0",
                "store.reloadInterval", "1h"));
        server = dev.ferry.app.FerryApp.serve(config, store);
    }

    private void serveThroughTap(int bigSize) throws IOException {
        BucketSettings direct = s3.settings(s3.createBucket(), "", Duration.ofHours(1));
        serve(direct.withEndpoint(tap.endpoint()), bigSize);
    }

    private String blobKey() {
        return "blobs/sha256/" + bigDigest.hex();
    }

    private RawHttp.Response get(String target, String... headers) throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            return http.exchange("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + String.join("", Arrays.stream(headers)
                    .map(h -> h + "\r\n").toList()) + "Connection: close\r\n\r\n", false);
        }
    }

    @Test
    void wholeAndRangedGetsAreByteExactWithOneUpstreamGetEach() throws IOException {
        serveThroughTap(BIG);
        int before = tap.requests(bigDigest.hex()).size();
        RawHttp.Response whole = get("/big.bin");
        assertEquals(200, whole.status());
        assertEquals(Integer.toString(BIG), whole.header("Content-Length"));
        assertArrayEquals(big, whole.body());
        assertEquals("\"sha256:" + bigDigest.hex() + "\"", whole.header("ETag"));

        RawHttp.Response range = get("/big.bin", "Range: bytes=1000-200999");
        assertEquals(206, range.status());
        assertEquals("bytes 1000-200999/" + BIG, range.header("Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(big, 1000, 201000), range.body());

        RawHttp.Response suffix = get("/big.bin", "Range: bytes=-10");
        assertEquals(206, suffix.status());
        assertArrayEquals(Arrays.copyOfRange(big, BIG - 10, BIG), suffix.body());

        List<String> upstream = tap.requests(bigDigest.hex());
        upstream = upstream.subList(before, upstream.size());
        assertEquals(3, upstream.size(), "one upstream request per download: " + upstream);
        assertTrue(upstream.stream().allMatch(r -> r.startsWith("GET ") && r.contains("X-Amz-Signature=")), upstream.toString());

        assertEquals("small", get("/small.txt").text());
        assertArrayEquals(big, get("/big.bin").body(), "the pooled upstream connection serves the next download");
    }

    @Test
    void largeBodiesInTurnShareOneKeptUpstreamConnectionAndTheClientConnectionCarriesOn() throws Exception {
        serveThroughTap(BIG);
        int before = tap.connections().size();
        try (RawHttp http = new RawHttp(server.port())) { // one client connection: one event loop, whose kept connections it uses
            for (int i = 0; i < 3; i++) {
                RawHttp.Response whole = http.exchange("GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", false);
                assertEquals(200, whole.status());
                assertArrayEquals(big, whole.body(), "download " + i);
            }
            RawHttp.Response range = http.exchange("GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: bytes=1000-1049575\r\n\r\n", false);
            assertEquals(206, range.status());
            assertEquals("bytes 1000-1049575/" + BIG, range.header("Content-Range"));
            assertArrayEquals(Arrays.copyOfRange(big, 1000, 1049576), range.body());
            RawHttp.Response small = http.exchange("GET /small.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", false);
            assertEquals("small", small.text(), "the same client connection answers on after the forwarded bodies");
        }
        List<TcpTap.Connection> carrying = tap.connections().subList(before, tap.connections().size()).stream()
                .filter(c -> c.requests().stream().anyMatch(r -> r.contains(bigDigest.hex()))).toList();
        assertEquals(1, carrying.size(), "each body went through whole, so the next one used the same connection: " + carrying);
        assertEquals(4, carrying.get(0).requests().size());
        assertFalse(carrying.get(0).closed(), "kept for the next download");
    }

    @Test
    void aKeptUpstreamConnectionThatTheStoreClosesIsReplacedUnnoticed() throws Exception {
        serveThroughTap(BIG);
        try (RawHttp http = new RawHttp(server.port())) {
            String ask = "GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
            assertArrayEquals(big, http.exchange(ask, false).body());
            tap.dropConnections(); // the store closes its idle connections
            assertArrayEquals(big, http.exchange(ask, false).body(), "after the store closed the kept connection");

            tap.dropNextRequestOnAKeptConnection(); // or closes one just as it is asked again
            int before = tap.connections().size();
            RawHttp.Response again = http.exchange(ask, false);
            assertEquals(200, again.status());
            assertArrayEquals(big, again.body(), "asked again on a new connection");
            List<TcpTap.Connection> opened = tap.connections().subList(before, tap.connections().size());
            assertEquals(1, opened.size(), "one new connection, for the second asking: " + opened);
            assertEquals(1, opened.get(0).requests().size());
        }
    }

    @Test
    void aKeptUpstreamConnectionAnswered408IsReplacedUnnoticed() throws Exception {
        serveThroughTap(BIG);
        try (RawHttp http = new RawHttp(server.port())) {
            String whole = "GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"; // forwarded
            String part = "GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: bytes=10-1009\r\n\r\n"; // buffered relay
            byte[] range = Arrays.copyOfRange(big, 10, 1010);
            assertArrayEquals(big, http.exchange(whole, false).body());
            assertArrayEquals(range, http.exchange(part, false).body());
            assertAnsweredOverANewConnectionAfterA408(http, whole, 200, big);
            assertAnsweredOverANewConnectionAfterA408(http, part, 206, range);
        }
    }

    private void assertAnsweredOverANewConnectionAfterA408(RawHttp http, String ask, int status, byte[] body) throws IOException {
        tap.timeOutNextRequestOnAKeptConnection(); // the store times the kept connection out just as it is asked again
        int before = tap.connections().size();
        RawHttp.Response again = http.exchange(ask, false);
        assertEquals(status, again.status(), ask);
        assertArrayEquals(body, again.body(), "asked again: " + ask);
        List<TcpTap.Connection> opened = tap.connections().subList(before, tap.connections().size());
        assertEquals(1, opened.size(), "one new connection, for the second asking: " + opened);
    }

    @Test
    void bodiesAroundTheRelaysBoundsArriveWhole() throws IOException {
        serveThroughTap(BIG);
        int bound = 256 * 1024; // ForwardedBody's smallest body, and its hold-back bound of unsent bytes
        try (RawHttp http = new RawHttp(server.port())) {
            for (int length : new int[]{bound - 1, bound, bound + 1, 2 * bound - 1, 2 * bound, 2 * bound + 1, BIG - 7}) {
                int first = 7;
                RawHttp.Response r = http.exchange("GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: bytes=" + first + "-"
                        + (first + length - 1) + "\r\n\r\n", false);
                assertEquals(206, r.status(), "length " + length);
                assertArrayEquals(Arrays.copyOfRange(big, first, first + length), r.body(), "length " + length);
            }
        }
    }

    @Test
    void headAndMultipartRangesStillAnswer() throws IOException {
        serveThroughTap(BIG);
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response head = http.exchange("HEAD /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", true);
            assertEquals(200, head.status());
            assertEquals(Integer.toString(BIG), head.header("Content-Length"));
        }
        RawHttp.Response multi = get("/big.bin", "Range: bytes=0-9,20-29");
        assertEquals(206, multi.status());
        assertTrue(multi.header("Content-Type").startsWith("multipart/byteranges"), multi.header("Content-Type"));
        RawHttp.Response conditional = get("/big.bin", "If-None-Match: \"sha256:" + bigDigest.hex() + "\"");
        assertEquals(304, conditional.status());
    }

    @Test
    void anObjectDeletedBehindFerrysBackIs503AndNothingPartial() throws IOException {
        serveThroughTap(BIG);
        s3.deleteObject(bucket, blobKey());
        for (String range : new String[]{null, "Range: bytes=0-99"}) {
            RawHttp.Response r = range == null ? get("/big.bin") : get("/big.bin", range);
            assertEquals(503, r.status(), range);
            assertTrue(r.text().contains("damaged or quarantined"), r.text());
            assertEquals(null, r.header("ETag"), "nothing of the blob's answer leaks into the error");
        }
    }

    @Test
    void anObjectReplacedByOneOfAnotherSizeIs503() throws IOException {
        serveThroughTap(BIG);
        s3.putObject(bucket, blobKey(), random(BIG - 1, 9));
        assertEquals(503, get("/big.bin").status());
        assertEquals(503, get("/big.bin", "Range: bytes=0-99").status());
        s3.putObject(bucket, blobKey(), random(100, 9));
        assertEquals(503, get("/big.bin", "Range: bytes=1000-1999").status(), "a range past the smaller object's end");
        s3.putObject(bucket, blobKey(), random(BIG + 1, 9));
        assertEquals(503, get("/big.bin").status());
    }

    @Test
    void anUpstreamDyingMidBodyClosesTheClientsConnectionShort() throws IOException {
        serveThroughTap(BIG);
        tap.cutResponses(bigDigest.hex(), 1 << 20);
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response r = http.exchange("GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", false);
            assertEquals(200, r.status());
            assertEquals(Integer.toString(BIG), r.header("Content-Length"));
            assertTrue(r.body().length < BIG, "short: " + r.body().length);
            assertTrue(http.closedByServer());
        }
        tap.cutResponses(null, -1);
        assertArrayEquals(big, get("/big.bin").body(), "the next download is whole again");
    }

    @Test
    void aClientGoingAwayMidBodyReleasesTheUpstreamConnection() throws Exception {
        int size = 64 << 20; // more than every socket buffer on the way can hold while the client reads nothing
        serveThroughTap(size);
        try (Socket client = new Socket("127.0.0.1", server.port())) {
            client.setReceiveBufferSize(64 << 10);
            client.getOutputStream().write("GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = client.getInputStream();
            assertTrue(in.readNBytes(100_000).length == 100_000);
            TcpTap.Connection carrying = await(() -> tap.connections().stream()
                    .filter(c -> c.requests().stream().anyMatch(r -> r.contains(bigDigest.hex()) && r.contains("X-Amz-Signature="))).findFirst().orElse(null));
            Thread.sleep(500);
            assertFalse(carrying.closed(), "the download is still in flight, paused");
            long taken = carrying.responseBytes();
            Thread.sleep(300);
            assertEquals(taken, carrying.responseBytes(), "Ferry stops reading the store while the client reads nothing");
            assertTrue(taken < size / 2, "Ferry holds no more than socket buffers and its own bound of the body: " + taken);
            client.setSoLinger(true, 0); // a reset, as a client killed mid-download
            client.close();
            await(() -> carrying.closed() ? carrying : null);
        }
        serveAgainCheck();
    }

    private void serveAgainCheck() throws IOException {
        RawHttp.Response r = get("/big.bin", "Range: bytes=0-99");
        assertEquals(206, r.status());
        assertArrayEquals(Arrays.copyOfRange(big, 0, 100), r.body());
    }

    private static <T> T await(java.util.function.Supplier<T> found) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            T t = found.get();
            if (t != null) return t;
            Thread.sleep(20);
        }
        throw new AssertionError("not within 10 s");
    }

    @Test
    void theRegistryRouteRelaysLayersAndAnswersBlobUnknownForOneGone() throws IOException {
        serveThroughTap(BIG);
        server.close();
        Store store = S3Stores.open(tmp.resolve("state"), s3.settings(bucket, "", Duration.ofHours(1)).withEndpoint(tap.endpoint()), false, Clock.systemUTC());
        OciLayouts l = OciLayouts.create(tmp.resolve("layout"));
        byte[] layer = random(1 << 20, 11);
        Digest layerDigest = Digest.ofBytes(layer);
        ObjectNode config = l.blob("application/vnd.oci.image.config.v1+json", "{\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8));
        l.tag(l.manifest(config, l.blob("application/vnd.oci.image.layer.v1.tar+gzip", layer)), "v1");
        new Importer(store).run(dev.ferry.app.FerryFamilies.all().inputKinds().open(l.write(), null, OciLayouts.options("team/app")), n -> { });
        server = dev.ferry.app.FerryApp.serve(ConfigLoader.load(null, Map.of(), Map.of("server.host", "127.0.0.1", "server.port", "0",
                "store.reloadInterval", "1h")), store);
        String path = "/v2/team/app/blobs/" + layerDigest;
        int before = tap.requests(layerDigest.hex()).size();
        RawHttp.Response whole = get(path);
        assertEquals(200, whole.status());
        assertArrayEquals(layer, whole.body());
        assertEquals(layerDigest.toString(), whole.header("Docker-Content-Digest"));
        RawHttp.Response range = get(path, "Range: bytes=10-19");
        assertArrayEquals(Arrays.copyOfRange(layer, 10, 20), range.body());
        List<String> upstream = tap.requests(layerDigest.hex());
        assertEquals(2, upstream.size() - before, "one presigned GET per download: " + upstream);

        s3.deleteObject(bucket, "blobs/sha256/" + layerDigest.hex());
        RawHttp.Response gone = get(path);
        assertEquals(404, gone.status());
        assertTrue(gone.text().contains("BLOB_UNKNOWN"), gone.text());
        assertEquals("registry/2.0", gone.header("Docker-Distribution-API-Version"));
    }

    @Test
    void anHttpsEndpointWithACaFileWorksThroughTheRelay() throws Exception {
        Path dir = tmp.resolve("tls-s3");
        TestPki pki = TestPki.create(dir.resolve("pki"));
        try (S3ProxyServer tls = S3ProxyServer.startTls(dir, pki)) {
            BucketSettings s = tls.settings(tls.createBucket(), "", Duration.ofHours(1));
            serve(s.withCaFile(pki.caFile()), BIG);
            assertArrayEquals(big, get("/big.bin").body());
            assertArrayEquals(Arrays.copyOfRange(big, 5, 10), get("/big.bin", "Range: bytes=5-9").body());
        }
    }
}
