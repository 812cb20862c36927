package dev.ferry.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.config.ConfigLoader;
import dev.ferry.config.FerryConfig;
import dev.ferry.http.FerryServer;
import dev.ferry.importer.Importer;
import dev.ferry.importer.InputKinds;
import dev.ferry.core.Digest;
import dev.ferry.store.Store;
import dev.ferry.testing.OciLayouts;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry as a mirror of several upstreams, over HTTP: what containerd, CRI-O, Trivy and skopeo send. */
@ExtendWith(VertxExtension.class)
class MirrorServingTest {
    @TempDir
    Path tmp;
    Store store;
    FerryServer server;
    final Map<String, ObjectNode> images = new java.util.HashMap<>();
    ObjectNode trivy;

    @BeforeEach
    void start() throws Exception {
        store = Store.create(tmp.resolve("store"));
        for (String name : List.of("docker.io/library/nginx", "registry.k8s.io/pause", "quay.io/acme/tool", "ghcr.io/acme/tool")) {
            OciLayouts l = OciLayouts.create(tmp.resolve(name.replace('/', '_')));
            ObjectNode image = l.image("content of " + name);
            l.tag(image, "v1").tag(image, "v2");
            images.put(name, image);
            new Importer(store).run(dev.ferry.app.FerryFamilies.all().inputKinds().open(l.write(), null, OciLayouts.options(name)), n -> { });
        }
        OciLayouts alpine = OciLayouts.create(tmp.resolve("alpine"));
        alpine.tag(alpine.image("alpine"), "3");
        new Importer(store).run(dev.ferry.app.FerryFamilies.all().inputKinds().open(alpine.write(), null, OciLayouts.options("index.docker.io/alpine")), n -> { });
        OciLayouts t = OciLayouts.create(tmp.resolve("trivy"));
        trivy = t.trivy("application/vnd.aquasec.trivy.db.layer.v1.tar+gzip", "db.tar.gz",
                OciLayouts.trivyArchive("trivy.db", 2, "2026-11-26T06:55:40.1Z", "2026-11-27T06:55:40.1Z"));
        t.tag(trivy, "2");
        new Importer(store).run(dev.ferry.app.FerryFamilies.all().inputKinds().open(t.write(), null, OciLayouts.options("aquasec/trivy-db")), n -> { });
        FerryConfig cfg = ConfigLoader.load(null, Map.of(), Map.of("server.host", "127.0.0.1", "server.port", "0",
                "store.reloadInterval", "100ms"));
        server = dev.ferry.app.FerryApp.serve(cfg, store);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<Buffer> send(Vertx vertx, HttpMethod method, String uri) throws Exception {
        return WebClient.create(vertx).request(method, server.port(), "127.0.0.1", uri).send().await(10, TimeUnit.SECONDS);
    }

    private String digest(String name) {
        return images.get(name).get("digest").asText();
    }

    private static JsonNode json(HttpResponse<Buffer> r) throws IOException {
        return OciLayouts.JSON.readTree(r.bodyAsString());
    }

    @Test
    void containerdsNsPicksEachUpstreamsOwnContent(Vertx vertx) throws Exception {
        String[][] cases = {
                {"/v2/library/nginx/manifests/v1?ns=docker.io", "docker.io/library/nginx"},
                {"/v2/pause/manifests/v1?ns=registry.k8s.io", "registry.k8s.io/pause"},
                {"/v2/acme/tool/manifests/v1?ns=quay.io", "quay.io/acme/tool"},
                {"/v2/acme/tool/manifests/v1?ns=ghcr.io", "ghcr.io/acme/tool"}};
        for (String[] c : cases) {
            for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.HEAD)) {
                HttpResponse<Buffer> r = send(vertx, method, c[0]);
                assertEquals(200, r.statusCode(), c[0]);
                assertEquals(digest(c[1]), r.getHeader("Docker-Content-Digest"), c[0]);
            }
            String byDigest = c[0].replace("/manifests/v1", "/manifests/" + digest(c[1]));
            assertEquals(200, send(vertx, HttpMethod.GET, byDigest).statusCode(), byDigest);
        }
        HttpResponse<Buffer> m = send(vertx, HttpMethod.GET, "/v2/acme/tool/manifests/v1?ns=quay.io");
        String layer = json(m).get("layers").get(0).get("digest").asText();
        HttpResponse<Buffer> blob = send(vertx, HttpMethod.GET, "/v2/acme/tool/blobs/" + layer + "?ns=quay.io");
        assertEquals("content of quay.io/acme/tool", blob.bodyAsString());
        assertEquals(404, send(vertx, HttpMethod.GET, "/v2/acme/tool/blobs/" + layer + "?ns=ghcr.io").statusCode(),
                "a blob of quay.io's image is not ghcr.io's");
        JsonNode tags = json(send(vertx, HttpMethod.GET, "/v2/pause/tags/list?ns=registry.k8s.io"));
        assertEquals("[\"v1\",\"v2\"]", tags.get("tags").toString());
        HttpResponse<Buffer> first = send(vertx, HttpMethod.GET, "/v2/acme/tool/tags/list?n=1&ns=quay.io");
        String link = first.getHeader("Link");
        assertEquals("</v2/acme/tool/tags/list?n=1&last=v1&ns=quay.io>; rel=\"next\"", link);
        JsonNode next = json(send(vertx, HttpMethod.GET, link.substring(1, link.indexOf('>'))));
        assertEquals("[\"v2\"]", next.get("tags").toString(), "the next page resolves as the first did");
        assertEquals(200, send(vertx, HttpMethod.GET, "/v2/acme/tool/referrers/" + digest("ghcr.io/acme/tool") + "?ns=ghcr.io").statusCode());
    }

    @Test
    void withoutNsUniqueMatchesAndTheExplicitFormAnswer(Vertx vertx) throws Exception {
        assertEquals(digest("docker.io/library/nginx"), send(vertx, HttpMethod.HEAD, "/v2/library/nginx/manifests/v1").getHeader("Docker-Content-Digest"));
        assertEquals(digest("registry.k8s.io/pause"), send(vertx, HttpMethod.HEAD, "/v2/pause/manifests/v1").getHeader("Docker-Content-Digest"));
        assertEquals(digest("quay.io/acme/tool"), send(vertx, HttpMethod.HEAD, "/v2/quay.io/acme/tool/manifests/v1").getHeader("Docker-Content-Digest"));
        assertEquals(digest("ghcr.io/acme/tool"), send(vertx, HttpMethod.HEAD, "/v2/ghcr.io/acme/tool/manifests/v1").getHeader("Docker-Content-Digest"));
        assertEquals(200, send(vertx, HttpMethod.GET, "/v2/docker.io/nginx/tags/list").statusCode());
    }

    @Test
    void dockerHubNamesAreNormalisedAtImport(Vertx vertx) throws Exception {
        JsonNode catalog = json(send(vertx, HttpMethod.GET, "/v2/_catalog"));
        assertTrue(catalog.get("repositories").toString().contains("\"docker.io/library/alpine\""), catalog.toString());
        assertEquals(200, send(vertx, HttpMethod.HEAD, "/v2/library/alpine/manifests/3?ns=docker.io").statusCode());
        assertEquals(200, send(vertx, HttpMethod.HEAD, "/v2/alpine/manifests/3").statusCode());
    }

    @Test
    void aNewGenerationIsResolvedAndTakesItsImagesOffTheWantedList(Vertx vertx) throws Exception {
        assertEquals(404, send(vertx, HttpMethod.GET, "/v2/library/redis/manifests/7?ns=docker.io").statusCode());
        OciLayouts redis = OciLayouts.create(tmp.resolve("redis"));
        ObjectNode image = redis.image("redis");
        redis.tag(image, "7");
        new Importer(store).run(dev.ferry.app.FerryFamilies.all().inputKinds().open(redis.write(), null, OciLayouts.options("docker.io/library/redis")), n -> { });
        int status = 0;
        for (int i = 0; i < 100 && status != 200; i++) {
            Thread.sleep(50);
            status = send(vertx, HttpMethod.GET, "/v2/library/redis/manifests/7?ns=docker.io").statusCode();
        }
        assertEquals(200, status, "served without a restart");
        assertEquals(image.get("digest").asText(), send(vertx, HttpMethod.HEAD, "/v2/redis/manifests/7").getHeader("Docker-Content-Digest"));
        assertTrue(json(send(vertx, HttpMethod.GET, "/api/v1/wanted")).get("images").get("wanted").isEmpty());
        JsonNode all = json(send(vertx, HttpMethod.GET, "/api/v1/wanted?all=true")).get("images").get("wanted");
        assertEquals("docker.io/library/redis:7", all.get(0).get("reference").asText());
        assertTrue(all.get(0).get("servedNow").asBoolean());
    }

    @Test
    void anAmbiguousPathIsA404NamingBoth(Vertx vertx) throws Exception {
        HttpResponse<Buffer> r = send(vertx, HttpMethod.GET, "/v2/acme/tool/manifests/v1");
        assertEquals(404, r.statusCode());
        JsonNode error = json(r).get("errors").get(0);
        assertEquals("NAME_UNKNOWN", error.get("code").asText());
        assertTrue(error.get("message").asText().contains("ghcr.io/acme/tool and quay.io/acme/tool"), error.toString());
        String wanted = send(vertx, HttpMethod.GET, "/api/v1/wanted").bodyAsString();
        assertTrue(json(send(vertx, HttpMethod.GET, "/api/v1/wanted")).get("images").get("wanted").isEmpty(), wanted);
    }

    @Test
    void trivyRepositoriesAreUnaffected(Vertx vertx) throws Exception {
        String d = trivy.get("digest").asText();
        for (String uri : List.of("/v2/aquasec/trivy-db/manifests/2", "/v2/aquasecurity/trivy-db/manifests/2",
                "/v2/aquasec/trivy-db/manifests/2?ns=mirror.gcr.io", "/v2/aquasecurity/trivy-db/manifests/2?ns=ghcr.io")) {
            HttpResponse<Buffer> r = send(vertx, HttpMethod.GET, uri);
            assertEquals(200, r.statusCode(), uri);
            assertEquals(d, r.getHeader("Docker-Content-Digest"), uri);
        }
        JsonNode catalog = json(send(vertx, HttpMethod.GET, "/v2/_catalog"));
        List<String> repos = new ArrayList<>();
        catalog.get("repositories").forEach(n -> repos.add(n.asText()));
        assertTrue(repos.containsAll(List.of("aquasec/trivy-db", "docker.io/library/nginx", "quay.io/acme/tool")), repos.toString());
    }

    @Test
    void manifestMissesAreWantedImagesWithAMetric(Vertx vertx) throws Exception {
        String absentDigest = Digest.ofBytes("absent".getBytes(StandardCharsets.UTF_8)).toString();
        assertEquals(404, send(vertx, HttpMethod.HEAD, "/v2/library/redis/manifests/7?ns=docker.io").statusCode());
        assertEquals(404, send(vertx, HttpMethod.GET, "/v2/library/redis/manifests/7?ns=docker.io").statusCode());
        assertEquals(404, send(vertx, HttpMethod.GET, "/v2/pause/manifests/3.10?ns=registry.k8s.io").statusCode());
        assertEquals(404, send(vertx, HttpMethod.GET, "/v2/quay.io/acme/other/manifests/" + absentDigest).statusCode());
        assertEquals(404, send(vertx, HttpMethod.GET, "/v2/busybox/manifests/latest").statusCode());
        assertEquals(404, send(vertx, HttpMethod.GET, "/v2/library/redis/blobs/" + absentDigest + "?ns=docker.io").statusCode());
        JsonNode body = json(send(vertx, HttpMethod.GET, "/api/v1/wanted"));
        assertTrue(body.get("wanted").isArray(), "the drivers list keeps its place");
        List<String> refs = new ArrayList<>();
        body.get("images").get("wanted").forEach(w -> refs.add(w.get("reference").asText()));
        assertEquals(List.of("docker.io/library/redis:7", "docker.io/library/busybox:latest", "quay.io/acme/other@" + absentDigest,
                "registry.k8s.io/pause:3.10").stream().sorted().toList(), refs.stream().sorted().toList());
        assertEquals(2, body.get("images").get("wanted").get(0).get("requests").asLong());
        String metrics = send(vertx, HttpMethod.GET, "/metrics").bodyAsString();
        assertTrue(metrics.contains("ferry_oci_manifest_misses_total{upstream=\"docker.io\"} 3.0"), metrics);
        assertTrue(metrics.contains("ferry_oci_manifest_misses_total{upstream=\"registry.k8s.io\"} 1.0"), metrics);
        dev.ferry.testing.CliRun cli = dev.ferry.testing.CliRun.ferry("wanted", "--server", "http://127.0.0.1:" + server.port(),
                "--output", "images");
        assertEquals(0, cli.exit(), cli.both());
        List<String> lines = cli.out().lines().filter(l -> !l.startsWith("#")).sorted().toList();
        assertEquals(refs.stream().sorted().toList(), lines, "one reference a line, as an images list");
        String page = send(vertx, HttpMethod.GET, "/").bodyAsString();
        assertTrue(page.contains("docker.io/library/redis:7"), page);
        assertTrue(page.contains("id=\"upstream-quay.io\""), page);
    }
}
