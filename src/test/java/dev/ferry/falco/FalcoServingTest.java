package dev.ferry.falco;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ferry.config.ConfigLoader;
import dev.ferry.config.FerryConfig;
import dev.ferry.http.FerryServer;
import dev.ferry.importer.ImportInput;
import dev.ferry.importer.ImportOptions;
import dev.ferry.importer.Importer;
import dev.ferry.importer.InputKinds;
import dev.ferry.core.Digest;
import dev.ferry.store.Store;
import dev.ferry.testing.OciLayouts;
import dev.ferry.testing.Trees;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Drivers at both layouts and encodings, misses into the wanted list and metric, the index rewritten, Falco OCI shapes served. */
class FalcoServingTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();
    static final String V = "7.0.0+driver";
    /** Driver files of several distros; raw '+' and '~' in names, '_' inside kernel release and version. */
    static final List<String> DRIVERS = List.of(
            "x86_64/falco_ubuntu-gcp_5.15.0-1049-gcp_57~20.04.1.ko",
            "x86_64/falco_amazonlinux2_5.10.223-212.873.amzn2.x86_64_1.ko",
            "x86_64/falco_debian_6.5.3-1~bpo12+1-rt-amd64_1.ko",
            "x86_64/falco_flatcar_3859.0.0_1.ko",
            "aarch64/falco_cos_5.10.68+_1.o",
            "x86_64/falco_minikube_5.10.57_1_1.26.0.ko",
            "x86_64/falco_rhel_5.14.0-284.11.1.el9_2.x86_64_1.ko");

    @TempDir
    Path tmp;
    Store store;
    FerryServer server;
    final HttpClient http = HttpClient.newHttpClient();
    final Map<String, byte[]> content = new LinkedHashMap<>();

    @BeforeEach
    void serve() throws Exception {
        store = Store.create(tmp.resolve("store"));
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String d : DRIVERS) {
            byte[] bytes = ("module " + d).getBytes(StandardCharsets.UTF_8);
            content.put(d, bytes);
            files.put("driver/" + V + "/" + d, bytes);
        }
        files.put("driver/2aa88dcf6243982697811df4c1b484bcbe9488a2/falco_ubuntu-generic_4.15.0-20-generic_21.ko",
                "legacy".getBytes(StandardCharsets.UTF_8));
        run(dev.ferry.app.FerryFamilies.all().inputKinds().open(Trees.tree(tmp.resolve("drivers"), files), null, new ImportOptions()));
        run(dev.ferry.app.FerryFamilies.all().inputKinds().open(falcoLayout(), null, new ImportOptions()));
        Path index = Files.writeString(tmp.resolve("index.yaml"), FalcoIndexTest.PUBLISHED + """
                - name: k8saudit
                  type: plugin
                  registry: ghcr.io
                  repository: falcosecurity/plugins/plugin/k8saudit
                  signature: {cosign: {certificate-oidc-issuer: https://token.actions.githubusercontent.com}}
                """);
        run(dev.ferry.app.FerryFamilies.all().inputKinds().open(index, null, new ImportOptions().prefix("falcoctl")));
        server = start(Map.of("server.publicUrl", "http://ferry.internal:8080/"));
    }

    private FerryServer start(Map<String, String> settings) throws IOException {
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.put("server.host", "127.0.0.1");
        all.put("server.port", "0");
        FerryConfig config = ConfigLoader.load(null, Map.of(), all);
        return dev.ferry.app.FerryApp.serve(config, store);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void run(ImportInput input) throws IOException {
        new Importer(store).run(input, n -> { });
    }

    /** A rules artifact and a two-platform plugin, in falcoctl's media types. */
    private Path falcoLayout() throws IOException {
        OciLayouts l = OciLayouts.create(tmp.resolve("falco-layout"));
        ObjectNode rulesConfig = l.json("application/vnd.cncf.falco.rulesfile.config.v1+json", (ObjectNode) JSON.readTree(
                "{\"name\":\"falco-rules\",\"version\":\"5.0.0\",\"dependencies\":[],\"requirements\":[{\"name\":\"engine_version_semver\",\"version\":\"0.50.0\"}]}"));
        ObjectNode rulesLayer = l.blob("application/vnd.cncf.falco.rulesfile.layer.v1+tar.gz",
                OciLayouts.tarBytes(Map.of("falco_rules.yaml", "- rule: demo\n".getBytes(StandardCharsets.UTF_8)), true));
        rulesLayer.putObject("annotations").put("org.opencontainers.image.title", "falco_rules.yaml.tar.gz");
        l.tag(l.manifest(rulesConfig, rulesLayer), "falcosecurity/rules/falco-rules:5");
        ObjectNode[] platforms = new ObjectNode[2];
        String[] arches = {"amd64", "arm64"};
        for (int i = 0; i < 2; i++) {
            ObjectNode cfg = l.json("application/vnd.cncf.falco.plugin.config.v1+json",
                    (ObjectNode) JSON.readTree("{\"name\":\"k8saudit\",\"version\":\"0.11.0\"}"));
            ObjectNode layer = l.blob("application/vnd.cncf.falco.plugin.layer.v1+tar.gz",
                    OciLayouts.tarBytes(Map.of("libk8saudit.so", arches[i].getBytes(StandardCharsets.UTF_8)), true));
            platforms[i] = l.manifest(cfg, layer);
            platforms[i].putObject("platform").put("os", "linux").put("architecture", arches[i]);
        }
        l.tag(l.index(platforms), "falcosecurity/plugins/plugin/k8saudit:0.11");
        return l.write();
    }

    private HttpResponse<byte[]> send(String method, String rawPath, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + rawPath))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aMissingOrDamagedIndexBlobIsA503LikeAnyDamagedFileNeverA500() throws Exception {
        Path blob = store.root().resolve("blobs/sha256/" + store.current().files().get("falcoctl/index.yaml").digest().hex());
        byte[] original = Files.readAllBytes(blob);
        blob.toFile().setWritable(true);
        Files.write(blob, "- name: forged\n".getBytes(StandardCharsets.UTF_8));
        for (String path : List.of("/falcoctl/index.yaml", "/falcoctl/index.yaml.sha256")) {
            HttpResponse<byte[]> damaged = send("GET", path);
            assertEquals(503, damaged.statusCode(), path);
            assertEquals("3600", damaged.headers().firstValue("Retry-After").orElse(""), path);
            assertTrue(new String(damaged.body(), StandardCharsets.UTF_8).contains("damaged or quarantined"), path);
        }
        Files.delete(blob);
        assertEquals(503, send("GET", "/falcoctl/index.yaml").statusCode(), "a missing blob");
        assertEquals(503, send("HEAD", "/falcoctl/index.yaml").statusCode());
        Files.write(blob, original);
        assertEquals(200, send("GET", "/falcoctl/index.yaml").statusCode(), "served again once restored");
    }

    @Test
    void everyDriverAnswersBothLayoutsAndBothEncodingsByteIdentical() throws Exception {
        for (Map.Entry<String, byte[]> d : content.entrySet()) {
            String falcoctl = "/" + V.replace("+", "%2B") + "/" + d.getKey(); // url.QueryEscape(version), raw name
            String oldLoader = ("/" + V + "/" + d.getKey()).replace("+", "%2B"); // sed s/+/%2B/g over the whole URL
            String raw = "/" + V + "/" + d.getKey();
            for (String repo : List.of("/driver", "")) {
                for (String path : List.of(falcoctl, oldLoader, raw)) {
                    HttpResponse<byte[]> r = send("GET", repo + path, "User-Agent", "Go-http-client/1.1");
                    assertEquals(200, r.statusCode(), repo + path);
                    assertArrayEquals(d.getValue(), r.body(), repo + path);
                    HttpResponse<byte[]> head = send("HEAD", repo + path);
                    assertEquals(200, head.statusCode(), repo + path);
                    assertEquals(Long.toString(d.getValue().length), head.headers().firstValue("Content-Length").orElseThrow());
                }
            }
        }
        assertEquals(200, send("GET", "/2aa88dcf6243982697811df4c1b484bcbe9488a2/falco_ubuntu-generic_4.15.0-20-generic_21.ko").statusCode());
        assertEquals(200, send("GET", "/driver/2aa88dcf6243982697811df4c1b484bcbe9488a2/falco_ubuntu-generic_4.15.0-20-generic_21.ko").statusCode());
    }

    @Test
    void aMissIsA404InTheWantedListAndTheMetricUntilItIsImported() throws Exception {
        String file = "falco_ubuntu-generic_5.15.0-91-generic_101~20.04.1.ko";
        assertEquals(404, send("GET", "/driver/7.0.0%2Bdriver/x86_64/" + file).statusCode());
        assertEquals(404, send("GET", "/7.0.0%2Bdriver/x86_64/" + file.replace("+", "%2B")).statusCode());
        assertEquals(404, send("HEAD", "/7.0.0+driver/x86_64/" + file).statusCode());
        assertEquals(404, send("GET", "/driver/7.0.0%2Bdriver/x86_64/not-a-driver.txt").statusCode());

        JsonNode wanted = JSON.readTree(send("GET", "/api/v1/wanted").body()).get("wanted");
        assertEquals(1, wanted.size(), wanted.toString());
        JsonNode w = wanted.get(0);
        assertEquals("driver/7.0.0+driver/x86_64/" + file, w.get("path").asText());
        assertEquals(3, w.get("requests").asInt());
        assertEquals("ubuntu-generic", w.get("target").asText());
        assertEquals("101~20.04.1", w.get("kernelVersion").asText());
        // carried out of the gap: the inventory names it, and the connected side's plan adds it
        Path inventory = tmp.resolve("inventory.json");
        dev.ferry.testing.CliRun export = dev.ferry.testing.CliRun.ferry("inventory", "export", "--store", tmp.resolve("store").toString(),
                "--server", "http://127.0.0.1:" + server.port(), "--out", inventory.toString());
        assertEquals(0, export.exit(), export.both());
        assertEquals("driver/7.0.0+driver/x86_64/" + file, dev.ferry.bundle.InventoryFile.read(inventory).wanted().get(0).path());
        assertEquals("kmod", w.get("kind").asText());
        String metrics = new String(send("GET", "/metrics").body(), StandardCharsets.UTF_8);
        assertTrue(metrics.contains("ferry_falco_driver_misses_total{arch=\"x86_64\",driver_version=\"7.0.0+driver\",target=\"ubuntu-generic\"} 3.0"),
                metrics);
        assertTrue(metrics.contains("ferry_falco_drivers_wanted 1.0"), metrics);
        assertTrue(metrics.contains("ferry_falco_drivers{arch=\"x86_64\",driver_version=\"7.0.0+driver\",kind=\"kmod\"} 6.0"), metrics);
        assertTrue(metrics.contains("ferry_falco_drivers{arch=\"aarch64\",driver_version=\"7.0.0+driver\",kind=\"ebpf\"} 1.0"), metrics);

        run(dev.ferry.app.FerryFamilies.all().inputKinds().open(Trees.tree(tmp.resolve("more"), Trees.files("driver/7.0.0+driver/x86_64/" + file, "now here")), null,
                new ImportOptions()));
        server.catalog().refresh();
        assertEquals(200, send("GET", "/7.0.0%2Bdriver/x86_64/" + file).statusCode());
        assertEquals(0, JSON.readTree(send("GET", "/api/v1/wanted").body()).get("wanted").size());
        JsonNode all = JSON.readTree(send("GET", "/api/v1/wanted?all=true").body()).get("wanted");
        assertTrue(all.get(0).get("servedNow").asBoolean(), all.toString());
        assertTrue(new String(send("GET", "/metrics").body(), StandardCharsets.UTF_8).contains("ferry_falco_drivers_wanted 0.0"));
    }

    @Test
    void theIndexPointsHeldRepositoriesAtThePublicAddressWithoutSignatures() throws Exception {
        HttpResponse<byte[]> r = send("GET", "/falcoctl/index.yaml");
        assertEquals(200, r.statusCode());
        byte[] body = r.body();
        assertEquals(Long.toString(body.length), r.headers().firstValue("Content-Length").orElseThrow());
        Digest served = Digest.ofBytes(body);
        assertEquals("\"" + served + "\"", r.headers().firstValue("ETag").orElseThrow());
        assertNotEquals(store.current().files().get("falcoctl/index.yaml").digest(), served, "the ETag is the rewritten bytes'");
        assertEquals("application/yaml", r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(List.of(Long.toString(store.current().number())), r.headers().allValues("Ferry-Generation"),
                "one generation header, the generation the index was rendered from");
        JsonNode index = YAML.readTree(body);
        Map<String, String> registries = new LinkedHashMap<>();
        index.forEach(e -> registries.put(e.get("name").asText(), e.get("registry").asText()));
        assertEquals(Map.of("cloudtrail", "ghcr.io", "falco-rules", "ferry.internal:8080", "k8saudit", "ferry.internal:8080"), registries);
        index.forEach(e -> assertFalse(e.has("signature"), e.toString()));

        assertEquals(served.hex() + "  index.yaml\n", new String(send("GET", "/falcoctl/index.yaml.sha256").body(), StandardCharsets.UTF_8));
        assertEquals(304, send("GET", "/falcoctl/index.yaml", "If-None-Match", "\"" + served + "\"").statusCode());
        // conditional requests follow the file routes' rules: lists, weak tags, repeated lines, dates, If-Match
        String etag = "\"" + served + "\"";
        assertEquals(304, send("GET", "/falcoctl/index.yaml", "If-None-Match", "\"x\"", "If-None-Match", etag).statusCode());
        assertEquals(304, send("GET", "/falcoctl/index.yaml", "If-None-Match", "W/" + etag).statusCode());
        assertEquals(200, send("GET", "/falcoctl/index.yaml", "If-None-Match", "\"x" + etag.substring(1)).statusCode());
        String lastModified = r.headers().firstValue("Last-Modified").orElseThrow();
        assertEquals(304, send("GET", "/falcoctl/index.yaml", "If-Modified-Since", lastModified).statusCode());
        assertEquals(412, send("GET", "/falcoctl/index.yaml", "If-Match", "\"x\"").statusCode());
        assertEquals(412, send("GET", "/falcoctl/index.yaml", "If-Unmodified-Since", "Sun, 06 Nov 1994 08:49:37 GMT").statusCode());
        assertEquals(200, send("GET", "/falcoctl/index.yaml", "If-Match", etag).statusCode());
        HttpResponse<byte[]> head = send("HEAD", "/falcoctl/index.yaml");
        assertEquals(Long.toString(body.length), head.headers().firstValue("Content-Length").orElseThrow());
        assertEquals(0, head.body().length);

        // the registry serves what the index names, in falcoctl's media types
        HttpResponse<byte[]> plugin = send("GET", "/v2/falcosecurity/plugins/plugin/k8saudit/manifests/0.11", "Accept",
                "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json");
        assertEquals(200, plugin.statusCode());
        assertEquals(OciLayouts.INDEX, plugin.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(2, JSON.readTree(plugin.body()).get("manifests").size());
        HttpResponse<byte[]> rules = send("GET", "/v2/falcosecurity/rules/falco-rules/manifests/5");
        assertEquals("application/vnd.cncf.falco.rulesfile.layer.v1+tar.gz",
                JSON.readTree(rules.body()).get("layers").get(0).get("mediaType").asText());
    }

    @Test
    void withoutAPublicUrlTheRegistryIsTheAddressTheClientUsed() throws Exception {
        server.close();
        server = start(Map.of());
        JsonNode index = YAML.readTree(send("GET", "/falcoctl/index.yaml").body());
        assertEquals("127.0.0.1:" + server.port(), index.get(1).get("registry").asText());
        assertEquals("Host", send("GET", "/falcoctl/index.yaml").headers().firstValue("Vary").orElseThrow());
        server.close();
        server = start(Map.of("falco.stripSignatures", "false"));
        assertTrue(YAML.readTree(send("GET", "/falcoctl/index.yaml").body()).get(1).has("signature"));
    }
}
