package dev.ferry.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.config.ConfigLoader;
import dev.ferry.config.FerryConfig;
import dev.ferry.http.FerryServer;
import dev.ferry.importer.ImportOptions;
import dev.ferry.importer.Importer;
import dev.ferry.importer.InputKinds;

import dev.ferry.core.Digest;
import dev.ferry.store.Store;
import dev.ferry.testing.OciLayouts;
import dev.ferry.testing.Trees;
import io.vertx.core.MultiMap;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class RegistryEndpointTest {
    /** go-containerregistry's allManifestMediaTypes, as Trivy sends them. */
    static final String GGCR_ACCEPT = "application/vnd.docker.distribution.manifest.v1+json,"
            + "application/vnd.docker.distribution.manifest.v1+prettyjws,application/vnd.docker.distribution.manifest.v2+json,"
            + "application/vnd.oci.image.manifest.v1+json,application/vnd.docker.distribution.manifest.list.v2+json,"
            + "application/vnd.oci.image.index.v1+json";
    /** oras-go's defaultManifestAcceptHeader, as falcoctl sends it. */
    static final String ORAS_ACCEPT = "application/vnd.docker.distribution.manifest.v2+json, "
            + "application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, "
            + "application/vnd.oci.image.index.v1+json, application/vnd.oci.artifact.manifest.v1+json";

    @TempDir
    Path tmp;
    Store store;
    FerryServer server;
    ObjectNode image;
    ObjectNode index;
    ObjectNode referrer;
    byte[] layer;
    byte[] manifestBytes;
    ObjectNode otherImage;

    @BeforeEach
    void start() throws IOException {
        store = Store.create(tmp.resolve("store"));
        OciLayouts l = OciLayouts.create(tmp.resolve("layout"));
        layer = new byte[100_000];
        new java.util.Random(3).nextBytes(layer);
        ObjectNode config = l.blob("application/vnd.oci.image.config.v1+json", "{\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8));
        ObjectNode layerDesc = l.blob("application/vnd.oci.image.layer.v1.tar+gzip", layer);
        image = l.manifest(config, layerDesc);
        manifestBytes = Files.readAllBytes(l.dir().resolve("blobs/sha256/" + Digest.parse(image.get("digest").asText()).hex()));
        ObjectNode arm = l.image("arm");
        arm.putObject("platform").put("os", "linux").put("architecture", "arm64");
        index = l.index(image.deepCopy(), arm);
        ObjectNode sig = OciLayouts.JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", OciLayouts.MANIFEST)
                .put("artifactType", "application/vnd.example.signature");
        sig.set("config", l.blob("application/vnd.oci.empty.v1+json", "{}".getBytes(StandardCharsets.UTF_8)));
        sig.putArray("layers").add(l.blob("application/octet-stream", "sig".getBytes(StandardCharsets.UTF_8)));
        sig.set("subject", image.deepCopy());
        sig.putObject("annotations").put("org.example.kind", "test");
        referrer = l.json(OciLayouts.MANIFEST, sig);
        l.tag(image, "v1").tag(index, "multi").tag(referrer, null);
        for (String t : new String[]{"b", "a", "c", "1.0"}) l.tag(image, t);
        new Importer(store).run(InputKinds.open(l.write(), null, OciLayouts.options("team/sub/app")), n -> { });

        OciLayouts other = OciLayouts.create(tmp.resolve("other"));
        otherImage = other.image("other layer");
        other.tag(otherImage, "other/repo:1");
        new Importer(store).run(InputKinds.open(other.write(), null, new ImportOptions()), n -> { });

        FerryConfig cfg = ConfigLoader.load(null, Map.of(), Map.of("server.host", "127.0.0.1", "server.port", "0"));
        server = FerryServer.start(cfg, store);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<Buffer> send(Vertx vertx, HttpMethod method, String uri, String... headers) throws Exception {
        var req = WebClient.create(vertx).request(method, server.port(), "127.0.0.1", uri);
        for (int i = 0; i < headers.length; i += 2) req.putHeader(headers[i], headers[i + 1]);
        return req.send().await(10, TimeUnit.SECONDS);
    }

    private static JsonNode json(HttpResponse<Buffer> r) throws IOException {
        return OciLayouts.JSON.readTree(r.bodyAsString());
    }

    private static void assertError(HttpResponse<Buffer> r, int status, String code) throws IOException {
        assertEquals(status, r.statusCode(), r.bodyAsString());
        assertEquals("registry/2.0", r.getHeader("Docker-Distribution-API-Version"));
        if (r.body() == null) { // HEAD: headers only, with the length the body would have
            assertTrue(Integer.parseInt(r.getHeader("Content-Length")) > 0);
            return;
        }
        assertEquals(code, json(r).get("errors").get(0).get("code").asText());
        assertEquals(Integer.toString(r.body().length()), r.getHeader("Content-Length"));
    }

    @Test
    void baseEndpointAnswers200WithApiVersion(Vertx vertx) throws Exception {
        for (String uri : new String[]{"/v2/", "/v2"}) {
            HttpResponse<Buffer> r = send(vertx, HttpMethod.GET, uri);
            assertEquals(200, r.statusCode());
            assertEquals("registry/2.0", r.getHeader("Docker-Distribution-API-Version"));
        }
        HttpResponse<Buffer> other = send(vertx, HttpMethod.GET, "/v2x/y");
        assertEquals(404, other.statusCode());
        assertNull(other.getHeader("Docker-Distribution-API-Version"), "a path that only starts with v2 is a catalog path");
    }

    @Test
    void manifestByTagAndDigestIsServedByteExactWithItsHeaders(Vertx vertx) throws Exception {
        String digest = image.get("digest").asText();
        for (String ref : new String[]{"v1", digest}) {
            for (String accept : new String[]{GGCR_ACCEPT, ORAS_ACCEPT}) {
                HttpResponse<Buffer> r = send(vertx, HttpMethod.GET, "/v2/team/sub/app/manifests/" + ref + "?ns=ghcr.io", "Accept", accept);
                assertEquals(200, r.statusCode());
                assertArrayEquals(manifestBytes, r.body().getBytes());
                assertEquals(OciLayouts.MANIFEST, r.getHeader("Content-Type"));
                assertEquals(Integer.toString(manifestBytes.length), r.getHeader("Content-Length"));
                assertEquals(digest, r.getHeader("Docker-Content-Digest"));
            }
        }
        HttpResponse<Buffer> head = send(vertx, HttpMethod.HEAD, "/v2/team/sub/app/manifests/v1", "Accept", ORAS_ACCEPT);
        assertEquals(200, head.statusCode());
        assertEquals(Integer.toString(manifestBytes.length), head.getHeader("Content-Length"));
        assertEquals(digest, head.getHeader("Docker-Content-Digest"));
        assertEquals(OciLayouts.MANIFEST, head.getHeader("Content-Type"));
        assertNull(head.body());
    }

    @Test
    void indexIsServedAsAnIndexAndPlatformManifestWithItsOwnAccept(Vertx vertx) throws Exception {
        HttpResponse<Buffer> r = send(vertx, HttpMethod.GET, "/v2/team/sub/app/manifests/multi", "Accept", ORAS_ACCEPT);
        assertEquals(OciLayouts.INDEX, r.getHeader("Content-Type"));
        String child = json(r).get("manifests").get(1).get("digest").asText();
        HttpResponse<Buffer> c = send(vertx, HttpMethod.GET, "/v2/team/sub/app/manifests/" + child, "Accept", OciLayouts.MANIFEST);
        assertEquals(200, c.statusCode());
        assertEquals(child, "sha256:" + Digest.ofBytes(c.body().getBytes()).hex());
    }

    @Test
    void tagWhoseTypeTheAcceptHeaderExcludesIsUnknown(Vertx vertx) throws Exception {
        assertError(send(vertx, HttpMethod.GET, "/v2/team/sub/app/manifests/v1", "Accept",
                "application/vnd.docker.distribution.manifest.v2+json"), 404, "MANIFEST_UNKNOWN");
        assertEquals(200, send(vertx, HttpMethod.GET, "/v2/team/sub/app/manifests/v1", "Accept", "*/*").statusCode());
        assertEquals(200, send(vertx, HttpMethod.GET, "/v2/team/sub/app/manifests/v1").statusCode());
    }

    @Test
    void blobsServeFullAndRanges(Vertx vertx) throws Exception {
        String d = "sha256:" + Digest.ofBytes(layer).hex();
        String uri = "/v2/team/sub/app/blobs/" + d;
        HttpResponse<Buffer> full = send(vertx, HttpMethod.GET, uri);
        assertEquals(200, full.statusCode());
        assertArrayEquals(layer, full.body().getBytes());
        assertEquals(d, full.getHeader("Docker-Content-Digest"));
        assertEquals("bytes", full.getHeader("Accept-Ranges"));
        HttpResponse<Buffer> head = send(vertx, HttpMethod.HEAD, uri);
        assertEquals("100000", head.getHeader("Content-Length"));
        assertEquals(d, head.getHeader("Docker-Content-Digest"));

        HttpResponse<Buffer> mid = send(vertx, HttpMethod.GET, uri, "Range", "bytes=500-1499");
        assertEquals(206, mid.statusCode());
        assertEquals("bytes 500-1499/100000", mid.getHeader("Content-Range"));
        assertEquals("1000", mid.getHeader("Content-Length"));
        assertArrayEquals(java.util.Arrays.copyOfRange(layer, 500, 1500), mid.body().getBytes());
        HttpResponse<Buffer> resume = send(vertx, HttpMethod.GET, uri, "Range", "bytes=99000-");
        assertEquals("bytes 99000-99999/100000", resume.getHeader("Content-Range"));
        assertArrayEquals(java.util.Arrays.copyOfRange(layer, 99000, 100000), resume.body().getBytes());
        assertEquals("bytes 99500-99999/100000", send(vertx, HttpMethod.GET, uri, "Range", "bytes=-500").getHeader("Content-Range"));
        assertEquals("bytes 99000-99999/100000", send(vertx, HttpMethod.GET, uri, "Range", "bytes=99000-200000").getHeader("Content-Range"));
        HttpResponse<Buffer> past = send(vertx, HttpMethod.GET, uri, "Range", "bytes=100000-");
        assertEquals(416, past.statusCode());
        assertEquals("bytes */100000", past.getHeader("Content-Range"));
        // the file routes' rules: an invalid range is ignored (RFC 9110 §14.2 allows it), several ranges are multipart
        assertEquals(200, send(vertx, HttpMethod.GET, uri, "Range", "bytes=500-0").statusCode());
        HttpResponse<Buffer> several = send(vertx, HttpMethod.GET, uri, "Range", "bytes=0-1,5-9");
        assertEquals(206, several.statusCode());
        assertTrue(several.getHeader("Content-Type").startsWith("multipart/byteranges; boundary="), several.getHeader("Content-Type"));
        assertEquals(Integer.toString(several.body().length()), several.getHeader("Content-Length"));
    }

    @Test
    void blobConditionalRequestsFollowTheFileRoutesRules(Vertx vertx) throws Exception {
        String d = "sha256:" + Digest.ofBytes(layer).hex();
        String uri = "/v2/team/sub/app/blobs/" + d;
        String etag = "\"" + d + "\"";
        HttpResponse<Buffer> same = send(vertx, HttpMethod.GET, uri, "If-None-Match", etag);
        assertEquals(304, same.statusCode());
        assertEquals(etag, same.getHeader("ETag"));
        assertEquals(d, same.getHeader("Docker-Content-Digest"));
        assertEquals("100000", same.getHeader("Content-Length"));
        assertEquals(304, send(vertx, HttpMethod.HEAD, uri, "If-None-Match", "W/" + etag).statusCode());
        assertEquals(304, send(vertx, HttpMethod.GET, uri, "If-None-Match", "\"other\", " + etag).statusCode());
        assertEquals(304, send(vertx, HttpMethod.GET, uri, "If-None-Match", "*").statusCode());
        assertEquals(200, send(vertx, HttpMethod.GET, uri, "If-None-Match", "\"other\"").statusCode());
        assertEquals(412, send(vertx, HttpMethod.GET, uri, "If-Match", "\"other\"").statusCode());
        assertEquals(412, send(vertx, HttpMethod.GET, uri, "If-Match", "W/" + etag).statusCode()); // If-Match compares strongly
        assertEquals(206, send(vertx, HttpMethod.GET, uri, "If-Match", etag, "Range", "bytes=0-9").statusCode());
        // a resume whose validator is stale gets the whole blob, never a splice of two blobs
        assertEquals(200, send(vertx, HttpMethod.GET, uri, "If-Range", "\"sha256:" + "0".repeat(64) + "\"", "Range", "bytes=10-").statusCode());
        assertEquals(200, send(vertx, HttpMethod.GET, uri, "If-Range", "W/" + etag, "Range", "bytes=10-").statusCode());
        HttpResponse<Buffer> resumed = send(vertx, HttpMethod.GET, uri, "If-Range", etag, "Range", "bytes=10-");
        assertEquals(206, resumed.statusCode());
        assertEquals("bytes 10-99999/100000", resumed.getHeader("Content-Range"));
    }

    @Test
    void manifestConditionalRequestsFollowTheFileRoutesRules(Vertx vertx) throws Exception {
        String digest = image.get("digest").asText();
        String uri = "/v2/team/sub/app/manifests/v1";
        String etag = "\"" + digest + "\"";
        HttpResponse<Buffer> same = send(vertx, HttpMethod.GET, uri, "Accept", ORAS_ACCEPT, "If-None-Match", "\"x\", W/" + etag);
        assertEquals(304, same.statusCode());
        assertEquals(etag, same.getHeader("ETag"));
        assertEquals(digest, same.getHeader("Docker-Content-Digest"));
        assertEquals(Integer.toString(manifestBytes.length), same.getHeader("Content-Length"));
        assertEquals(412, send(vertx, HttpMethod.HEAD, uri, "Accept", ORAS_ACCEPT, "If-Match", "\"x\"").statusCode());
        assertEquals(200, send(vertx, HttpMethod.GET, uri, "Accept", ORAS_ACCEPT, "If-Match", etag).statusCode());
    }

    @Test
    void blobOrManifestRemovedAfterTheCatalogLookupIsUnknownNotAServerError(Vertx vertx) throws Exception {
        // as a gc between the catalog lookup and the open would: the catalog still lists the digest, the file is gone
        Digest layerDigest = Digest.ofBytes(layer);
        Files.delete(store.root().resolve("blobs/sha256/" + layerDigest.hex()));
        String blob = "/v2/team/sub/app/blobs/" + layerDigest;
        assertError(send(vertx, HttpMethod.GET, blob), 404, "BLOB_UNKNOWN");
        assertError(send(vertx, HttpMethod.HEAD, blob), 404, "BLOB_UNKNOWN");
        assertError(send(vertx, HttpMethod.GET, blob, "Range", "bytes=10-20"), 404, "BLOB_UNKNOWN");

        Digest manifest = Digest.parse(otherImage.get("digest").asText());
        Files.delete(store.root().resolve("blobs/sha256/" + manifest.hex()));
        for (String ref : new String[]{"1", manifest.toString()}) {
            assertError(send(vertx, HttpMethod.GET, "/v2/other/repo/manifests/" + ref, "Accept", GGCR_ACCEPT), 404, "MANIFEST_UNKNOWN");
            assertError(send(vertx, HttpMethod.HEAD, "/v2/other/repo/manifests/" + ref, "Accept", GGCR_ACCEPT), 404, "MANIFEST_UNKNOWN");
        }
        assertEquals(200, send(vertx, HttpMethod.GET, "/v2/team/sub/app/manifests/v1", "Accept", GGCR_ACCEPT).statusCode(),
                "other content is still served");
    }

    @Test
    void blobIsServedOnlyUnderARepositoryThatListsIt(Vertx vertx) throws Exception {
        String layerOfOther = OciLayouts.JSON.readTree(send(vertx, HttpMethod.GET, "/v2/other/repo/manifests/1").bodyAsString())
                .get("layers").get(0).get("digest").asText();
        assertEquals(200, send(vertx, HttpMethod.GET, "/v2/other/repo/blobs/" + layerOfOther).statusCode());
        assertError(send(vertx, HttpMethod.GET, "/v2/team/sub/app/blobs/" + layerOfOther), 404, "BLOB_UNKNOWN");
        assertError(send(vertx, HttpMethod.HEAD, "/v2/team/sub/app/blobs/" + layerOfOther), 404, "BLOB_UNKNOWN");
    }

    @Test
    void errorsFollowTheSpec(Vertx vertx) throws Exception {
        assertError(send(vertx, HttpMethod.GET, "/v2/no/such/manifests/v1"), 404, "NAME_UNKNOWN");
        assertError(send(vertx, HttpMethod.GET, "/v2/team/sub/app/manifests/v9"), 404, "MANIFEST_UNKNOWN");
        assertError(send(vertx, HttpMethod.GET, "/v2/team/sub/app/manifests/sha256:" + "0".repeat(64)), 404, "MANIFEST_UNKNOWN");
        assertError(send(vertx, HttpMethod.GET, "/v2/team/sub/app/blobs/sha256:" + "0".repeat(64)), 404, "BLOB_UNKNOWN");
        assertError(send(vertx, HttpMethod.GET, "/v2/team/sub/app/blobs/sha256:xyz"), 400, "DIGEST_INVALID");
        assertError(send(vertx, HttpMethod.GET, "/v2/team/sub/app/manifests/sha256:abc"), 400, "DIGEST_INVALID");
        assertError(send(vertx, HttpMethod.GET, "/v2/team/sub/app/blobs/sha512:" + "a".repeat(128)), 404, "BLOB_UNKNOWN");
        assertError(send(vertx, HttpMethod.GET, "/v2/Team/App/tags/list"), 400, "NAME_INVALID");
        assertError(send(vertx, HttpMethod.HEAD, "/v2/no/such/manifests/v1"), 404, "NAME_UNKNOWN");
    }

    @Test
    void everyPushOrDeleteIsUnsupportedAndChangesNothing(Vertx vertx) throws Exception {
        Map<String, byte[]> before = Trees.snapshot(store.root());
        String d = image.get("digest").asText();
        String[][] calls = {
                {"PUT", "/v2/team/sub/app/manifests/v2"}, {"DELETE", "/v2/team/sub/app/manifests/" + d},
                {"POST", "/v2/team/sub/app/blobs/uploads/"}, {"PATCH", "/v2/team/sub/app/blobs/uploads/abc"},
                {"PUT", "/v2/team/sub/app/blobs/uploads/abc?digest=" + d}, {"DELETE", "/v2/team/sub/app/blobs/" + d},
                {"POST", "/v2/new/repo/blobs/uploads/?mount=" + d + "&from=team/sub/app"}, {"DELETE", "/v2/team/sub/app/tags/list"}};
        for (String[] call : calls) {
            HttpResponse<Buffer> r = send(vertx, HttpMethod.valueOf(call[0]), call[1]);
            assertError(r, 405, "UNSUPPORTED");
            assertEquals("GET, HEAD", r.getHeader("Allow"));
        }
        assertError(send(vertx, HttpMethod.GET, "/v2/team/sub/app/blobs/uploads/abc"), 405, "UNSUPPORTED");
        assertEquals(before.keySet(), Trees.snapshot(store.root()).keySet());
        assertEquals(200, send(vertx, HttpMethod.GET, "/v2/team/sub/app/manifests/v1").statusCode());
    }

    @Test
    void tagsListIsSortedAndPaginated(Vertx vertx) throws Exception {
        HttpResponse<Buffer> all = send(vertx, HttpMethod.GET, "/v2/team/sub/app/tags/list");
        assertEquals("{\"name\":\"team/sub/app\",\"tags\":[\"1.0\",\"a\",\"b\",\"c\",\"multi\",\"v1\"]}", all.bodyAsString());
        HttpResponse<Buffer> page = send(vertx, HttpMethod.GET, "/v2/team/sub/app/tags/list?n=2&last=a");
        assertEquals("[\"b\",\"c\"]", json(page).get("tags").toString());
        assertEquals("</v2/team/sub/app/tags/list?n=2&last=c>; rel=\"next\"", page.getHeader("Link"));
        HttpResponse<Buffer> none = send(vertx, HttpMethod.GET, "/v2/team/sub/app/tags/list?n=0");
        assertEquals("[]", json(none).get("tags").toString());
        assertNull(none.getHeader("Link"));
        assertNull(send(vertx, HttpMethod.GET, "/v2/team/sub/app/tags/list?n=10&last=b").getHeader("Link"));
        assertError(send(vertx, HttpMethod.GET, "/v2/team/sub/app/tags/list?n=x"), 400, "PAGINATION_NUMBER_INVALID");
        assertError(send(vertx, HttpMethod.GET, "/v2/nope/tags/list"), 404, "NAME_UNKNOWN");
    }

    @Test
    void catalogListsRepositories(Vertx vertx) throws Exception {
        assertEquals("{\"repositories\":[\"other/repo\",\"team/sub/app\"]}", send(vertx, HttpMethod.GET, "/v2/_catalog").bodyAsString());
        assertEquals("[\"other/repo\"]", json(send(vertx, HttpMethod.GET, "/v2/_catalog?n=1")).get("repositories").toString());
    }

    @Test
    void referrersListsManifestsWithTheSubject(Vertx vertx) throws Exception {
        String subject = image.get("digest").asText();
        HttpResponse<Buffer> r = send(vertx, HttpMethod.GET, "/v2/team/sub/app/referrers/" + subject);
        assertEquals(200, r.statusCode());
        assertEquals(OciLayouts.INDEX, r.getHeader("Content-Type"));
        JsonNode d = json(r).get("manifests").get(0);
        assertEquals(referrer.get("digest").asText(), d.get("digest").asText());
        assertEquals("application/vnd.example.signature", d.get("artifactType").asText());
        assertEquals("test", d.get("annotations").get("org.example.kind").asText());
        HttpResponse<Buffer> filtered = send(vertx, HttpMethod.GET, "/v2/team/sub/app/referrers/" + subject + "?artifactType=x/y");
        assertEquals("artifactType", filtered.getHeader("OCI-Filters-Applied"));
        assertEquals(0, json(filtered).get("manifests").size());
        assertEquals(0, json(send(vertx, HttpMethod.GET, "/v2/team/sub/app/referrers/sha256:" + "1".repeat(64))).get("manifests").size());
        assertError(send(vertx, HttpMethod.GET, "/v2/team/sub/app/referrers/nonsense:"), 400, "DIGEST_INVALID");
    }

    @Test
    void filesStillServedBesideTheRegistry(Vertx vertx) throws Exception {
        assertEquals(200, send(vertx, HttpMethod.GET, "/healthz").statusCode());
        MultiMap h = send(vertx, HttpMethod.GET, "/metrics").headers();
        assertTrue(h.contains("Content-Type"));
        assertTrue(send(vertx, HttpMethod.GET, "/metrics").bodyAsString().contains("ferry_oci_sent_bytes"));
    }

    @Test
    void trivyFreshnessIsExportedAsMetrics(Vertx vertx) throws Exception {
        OciLayouts l = OciLayouts.create(tmp.resolve("trivy"));
        l.tag(l.trivy(OciLayouts.TRIVY_DB_LAYER, "db.tar.gz",
                OciLayouts.trivyArchive("trivy.db", 2, "2026-11-26T00:00:00Z", "2026-11-27T00:00:00Z")), "2");
        new Importer(store).run(InputKinds.open(l.write(), null, OciLayouts.options("mirror/trivy-db")), n -> { });
        server.vertx().executeBlocking(() -> server.catalog().refresh()).await(10, TimeUnit.SECONDS);
        String metrics = send(vertx, HttpMethod.GET, "/metrics").bodyAsString();
        assertTrue(metrics.contains("ferry_trivy_db_next_update_timestamp_seconds{repository=\"mirror/trivy-db\",tag=\"2\"} 1.7957376E9"), metrics);
        assertTrue(metrics.contains("ferry_trivy_db_updated_timestamp_seconds{repository=\"aquasec/trivy-db\",tag=\"latest\"} 1.7956512E9"), metrics);
        assertTrue(metrics.contains("ferry_artifact_updated_timestamp_seconds{family=\"trivy\",name=\"trivy-db\"} 1.7956512E9"), metrics);
    }
}
