package dev.ferry.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.store.Generation;
import dev.ferry.core.Json;
import dev.ferry.store.Store;
import dev.ferry.testing.BundleFixture;
import dev.ferry.testing.CliRun;
import dev.ferry.testing.Daemon;
import dev.ferry.testing.Nginx;
import dev.ferry.testing.OciLayouts;
import dev.ferry.testing.Squid;
import dev.ferry.testing.TestPki;
import dev.ferry.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * spec → plan → create → import through the real download layer: a TLS docker-registry with token
 * auth holding the Trivy DBs, falco-rules and a multi-platform plugin; nginx serving an
 * artifacts.opensearch.org-shaped and a download.falco.org-shaped tree and the falcoctl index; one run goes
 * through Debian's squid as the HTTPS proxy.
 */
class SpecLoopbackTest {
    static final String DRIVER = "driver/8.0.0+driver/x86_64/falco_ubuntu-generic_5.15.0-91-generic_101.ko";

    @TempDir
    static Path tmp;
    static TestPki pki;
    static TestRegistry registry;
    static Daemon nginx;
    static Path nginxDir;
    static BundleFixture keys;
    static Path spec;
    static Path www;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Daemon.installed(TestRegistry.BINARY) && Daemon.installed("skopeo") && Daemon.installed(Nginx.BINARY),
                "docker-registry, skopeo and nginx are needed; run scripts/install-test-deps.sh");
        keys = new BundleFixture(tmp.resolve("fixture"));
        pki = TestPki.create(tmp.resolve("pki"));
        registry = TestRegistry.start(Files.createDirectories(tmp.resolve("registry")), pki, Map.of("pusher", "push-pw"));
        OciLayouts l = OciLayouts.create(tmp.resolve("layout"));
        l.tag(l.trivy(OciLayouts.TRIVY_DB_LAYER, "db.tar.gz",
                OciLayouts.trivyArchive("trivy.db", 2, "2026-12-04T00:00:00Z", "2026-12-05T00:00:00Z")), "2");
        l.tag(l.trivy(OciLayouts.TRIVY_JAVADB_LAYER, "javadb.tar.gz",
                OciLayouts.trivyArchive("trivy-java.db", 1, "2026-12-04T00:00:00Z", "2026-12-05T00:00:00Z")), "1");
        ObjectNode amd64 = l.image("plugin for amd64");
        amd64.putObject("platform").put("architecture", "amd64").put("os", "linux");
        ObjectNode arm64 = l.image("plugin for arm64");
        arm64.putObject("platform").put("architecture", "arm64").put("os", "linux");
        l.tag(l.index(amd64, arm64), "0.2.1");
        l.tag(l.manifest(l.blob("application/vnd.cncf.falco.rulesfile.config.v1+json", "{}".getBytes(StandardCharsets.UTF_8)),
                l.blob("application/vnd.cncf.falco.rulesfile.layer.v1+tar.gz", "rules".getBytes(StandardCharsets.UTF_8))), "3");
        Path layout = l.write();
        registry.push(layout, "2", "aquasecurity/trivy-db", "pusher", "push-pw");
        registry.push(layout, "1", "aquasecurity/trivy-java-db", "pusher", "push-pw");
        registry.push(layout, "0.2.1", "falcosecurity/plugins/plugin/k8smeta", "pusher", "push-pw");
        registry.push(layout, "3", "falcosecurity/rules/falco-rules", "pusher", "push-pw");

        www = Daemon.openDir(tmp, "www");
        Path plugin = Files.createDirectories(www.resolve("plugins/repository-s3/2.19.4"));
        byte[] zip = Ck8sUpstream.pluginZip("repository-s3", "2.19.4", "2.19.4");
        Files.write(plugin.resolve("repository-s3-2.19.4.zip"), zip);
        Files.writeString(plugin.resolve("repository-s3-2.19.4.zip.sha512"), Ck8sUpstream.sha512(zip) + "  repository-s3-2.19.4.zip\n");
        Files.write(plugin.resolve("repository-s3-2.19.4.zip.sig"), keys.signer.sign(zip));
        Path bad = Files.createDirectories(www.resolve("tampered/repository-s3/2.19.4"));
        Files.write(bad.resolve("repository-s3-2.19.4.zip"), zip);
        Files.writeString(bad.resolve("repository-s3-2.19.4.zip.sha512"), "0".repeat(128) + "  repository-s3-2.19.4.zip\n");
        Files.write(bad.resolve("repository-s3-2.19.4.zip.sig"), keys.signer.sign(zip));
        Path driver = www.resolve(DRIVER);
        Files.createDirectories(driver.getParent());
        Files.writeString(driver, "kernel module");
        Files.createDirectories(www.resolve("falcoctl"));
        StringBuilder index = new StringBuilder();
        for (String[] e : new String[][]{{"falco-rules", "rulesfile", "falcosecurity/rules/falco-rules"},
                {"k8smeta", "plugin", "falcosecurity/plugins/plugin/k8smeta"}}) {
            index.append("- name: ").append(e[0]).append("\n  type: ").append(e[1]).append("\n  registry: ").append(registry.host())
                    .append("\n  repository: ").append(e[2]).append("\n");
        }
        Files.writeString(www.resolve("falcoctl/index.yaml"), index);
        nginxDir = tmp.resolve("nginx");
        nginx = Nginx.start(nginxDir, pki, www);
        String files = "https://127.0.0.1:" + Nginx.port(nginxDir);
        spec = Files.writeString(tmp.resolve("loopback.spec.yaml"), """
                apiVersion: ferry.spec.v1
                trivy:
                  db: {source: "%1$s/aquasecurity/trivy-db:2"}
                  javadb: {source: "%1$s/aquasecurity/trivy-java-db:1"}
                opensearch:
                  plugins:
                    - {name: repository-s3, version: 2.19.4, source: "%2$s/plugins/", prefix: opensearch}
                falco:
                  drivers:
                    - versions: ["8.0.0+driver"]
                      source: "%2$s/driver"
                      kernels:
                        - {target: ubuntu-generic, kernelRelease: 5.15.0-91-generic, kernelVersion: "101"}
                        - {target: debian, kernelRelease: 6.1.0-18-cloud-amd64, kernelVersion: "1"}
                  index:
                    url: "%2$s/falcoctl/index.yaml"
                    path: falcoctl/index.yaml
                    artifacts:
                      - {name: falco-rules, tag: "3"}
                      - {name: k8smeta, tag: 0.2.1, platforms: [linux/amd64]}
                """.formatted(registry.host(), files));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (nginx != null) nginx.close();
        if (registry != null) registry.close();
    }

    static CliRun ferry(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--spec", spec.toString(), "--cacert", pki.caFile().toString(), "--cache", tmp.resolve("cache").toString()));
        return CliRun.ferry(all.toArray(String[]::new));
    }

    @Test
    void aTamperedUpstreamFailsNamingArtifactUrlAndReason() throws Exception {
        String files = "https://127.0.0.1:" + Nginx.port(nginxDir);
        Path tampered = Files.writeString(tmp.resolve("tampered.spec.yaml"), "apiVersion: ferry.spec.v1\nopensearch:\n  plugins:\n"
                + "    - {name: repository-s3, version: 2.19.4, source: \"" + files + "/tampered/\"}\n");
        Path out = Files.createDirectories(tmp.resolve("tampered-out")).resolve("t.bundle");
        CliRun r = CliRun.ferry("bundle", "create", "--spec", tampered.toString(), "--out", out.toString(), "--unsigned",
                "--cacert", pki.caFile().toString(), "--cache", tmp.resolve("cache").toString(),
                "--opensearch-key", keys.trustDir.resolve("release.asc").toString());
        assertEquals(1, r.exit(), r.both());
        assertTrue(r.err().contains("opensearch repository-s3 2.19.4") && r.err().contains(files + "/tampered/repository-s3/2.19.4/")
                && r.err().contains("SHA-512 mismatch"), r.err());
        try (var left = Files.list(out.getParent())) {
            assertEquals(0, left.count(), "nothing written");
        }
    }

    @Test
    void planCreateImportAgainstRealServers() throws Exception {
        CliRun plan = ferry("bundle", "plan", "--output", "json");
        assertEquals(0, plan.exit(), plan.both());
        JsonNode p = Json.MAPPER.readTree(plan.out());
        assertEquals(7, p.path("totals").path("fetch").asInt(), plan.out());
        assertEquals(1, p.path("totals").path("missing").asInt(), plan.out());

        Path bundle = tmp.resolve("loopback.bundle");
        CliRun create = ferry("bundle", "create", "--out", bundle.toString(), "--zstd", "--sign-key", keys.keys.resolve("release.key").toString(),
                "--opensearch-key", keys.trustDir.resolve("release.asc").toString());
        assertEquals(0, create.exit(), create.both());

        Path store = tmp.resolve("store");
        CliRun imp = CliRun.ferry("import", "--create", "--store", store.toString(), "--trust", keys.trustDir.toString(), bundle.toString());
        assertEquals(0, imp.exit(), imp.both());
        Generation g = Store.open(store).current();
        assertNotNull(g.files().get("opensearch/releases/plugins/repository-s3/2.19.4/repository-s3-2.19.4.zip"));
        assertEquals("kernel module".length(), g.files().get(DRIVER).size());
        assertNotNull(g.files().get("falcoctl/index.yaml"));
        assertNotNull(g.repositories().get("aquasecurity/trivy-db").tags().get("2"));
        assertNotNull(g.repositories().get("aquasecurity/trivy-java-db").tags().get("1"));
        assertNotNull(g.repositories().get("falcosecurity/rules/falco-rules").tags().get("3"));
        assertEquals(2, g.repositories().get("falcosecurity/plugins/plugin/k8smeta").manifests().size());
        servedAsTheClientsAskForIt(store, p);

        // a locked rebuild is served from the download cache
        CliRun again = ferry("bundle", "create", "--out", tmp.resolve("again.bundle").toString(), "--unsigned", "--locked",
                "--opensearch-key", keys.trustDir.resolve("release.asc").toString());
        assertEquals(0, again.exit(), again.both());
        assertTrue(again.err().contains("cached opensearch repository-s3 2.19.4") && again.err().contains("cached falco " + DRIVER),
                again.both());
        assertTrue(!again.err().contains("fetched "), "nothing downloaded again: " + again.err());

        // upstream publishes a newer DB under the same tag: the next run downloads that, and only that
        OciLayouts newer = OciLayouts.create(tmp.resolve("layout-newer"));
        newer.tag(newer.trivy(OciLayouts.TRIVY_DB_LAYER, "db.tar.gz",
                OciLayouts.trivyArchive("trivy.db", 2, "2026-12-05T00:00:00Z", "2026-12-06T00:00:00Z")), "2");
        registry.push(newer.write(), "2", "aquasecurity/trivy-db", "pusher", "push-pw");
        CliRun changed = ferry("bundle", "create", "--out", tmp.resolve("changed.bundle").toString(), "--unsigned",
                "--opensearch-key", keys.trustDir.resolve("release.asc").toString());
        assertEquals(0, changed.exit(), changed.both());
        // a driver has no upstream checksum to tell it unchanged, so it is fetched again over TLS (it is small)
        List<String> downloads = changed.err().lines().filter(l -> l.startsWith("fetched ") && !l.startsWith("fetched falco driver/")).toList();
        assertTrue(!downloads.isEmpty() && downloads.stream().allMatch(l -> l.contains("/aquasecurity/trivy-db@")),
                "only the changed DB is downloaded: " + changed.err());
        assertTrue(changed.err().contains("cached opensearch repository-s3 2.19.4")
                && changed.err().contains("cached " + registry.host() + "/aquasecurity/trivy-java-db@"), changed.both());
    }

    /** Inside: every client URL form answers with the upstream's bytes and digests. */
    private static void servedAsTheClientsAskForIt(Path store, JsonNode plan) throws Exception {
        var config = dev.ferry.config.ConfigLoader.load(null, Map.of(), Map.of("server.host", "127.0.0.1", "server.port", "0"));
        try (dev.ferry.http.FerryServer server = dev.ferry.app.FerryApp.serve(config, Store.open(store))) {
            String base = "http://127.0.0.1:" + server.port();
            byte[] driver = Files.readAllBytes(www.resolve(DRIVER));
            String encoded = DRIVER.replace("+", "%2B");
            assertArrayEquals(driver, get(base + "/" + encoded, null).body(), "falcoctl's upstream layout");
            assertArrayEquals(driver, get(base + "/" + encoded.substring("driver/".length()), null).body(), "the ck8s layout");
            String zip = "plugins/repository-s3/2.19.4/repository-s3-2.19.4.zip";
            assertArrayEquals(Files.readAllBytes(www.resolve(zip)),
                    get(base + "/opensearch/releases/" + zip, null).body(), "opensearch-plugin install URL");
            assertArrayEquals(Files.readAllBytes(www.resolve(zip + ".sha512")), get(base + "/opensearch/releases/" + zip + ".sha512", null).body());
            assertTrue(new String(get(base + "/falcoctl/index.yaml", null).body(), StandardCharsets.UTF_8).contains("name: falco-rules"));
            String accept = "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json";
            for (String[] r : new String[][]{{"aquasec/trivy-db", "2", "trivy db"}, {"aquasecurity/trivy-java-db", "1", "trivy javadb"}}) {
                var m = get(base + "/v2/" + r[0] + "/manifests/" + r[1], accept);
                assertEquals(200, m.statusCode(), r[0]);
                assertEquals(SpecBundleTest.find(plan, r[2]).path("digest").asText(), m.headers().firstValue("Docker-Content-Digest").orElse(""),
                        r[0] + ":" + r[1] + " is the upstream's manifest");
            }
        }
    }

    private static java.net.http.HttpResponse<byte[]> get(String url, String accept) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url));
        if (accept != null) request.header("Accept", accept);
        var http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        return http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void oneRunThroughSquidAsTheHttpsProxy() throws Exception {
        assumeTrue(Daemon.installed(Squid.BINARY), "squid is needed; run scripts/install-test-deps.sh");
        Path squidDir = Daemon.openDir(tmp, "squid");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(k -> k.equalsIgnoreCase("https_proxy") || k.equalsIgnoreCase("http_proxy") || k.equalsIgnoreCase("no_proxy"));
        try (Daemon squid = Squid.start(squidDir)) {
            env.put("HTTPS_PROXY", "http://127.0.0.1:" + Squid.port(squidDir));
            Fetchers.useEnvironment(env);
            CliRun create = CliRun.ferry("bundle", "create", "--spec", spec.toString(), "--lock", tmp.resolve("proxied.lock").toString(),
                    "--out", tmp.resolve("proxied.bundle").toString(), "--unsigned", "--cacert", pki.caFile().toString(),
                    "--cache", tmp.resolve("cache-proxied").toString(), "--opensearch-key", keys.trustDir.resolve("release.asc").toString());
            assertEquals(0, create.exit(), create.both());
            // squid logs a tunnel when it closes, after its 1 s idle timeout
            awaitTunnel(squidDir, registry.host());
            awaitTunnel(squidDir, "127.0.0.1:" + Nginx.port(nginxDir));
        } finally {
            Fetchers.useEnvironment(null);
        }
    }

    private static void awaitTunnel(Path squidDir, String hostPort) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        String log = "";
        while (System.nanoTime() < deadline) {
            Path p = Squid.accessLog(squidDir);
            log = Files.exists(p) ? Files.readString(p) : "";
            if (log.lines().anyMatch(l -> l.contains("TCP_TUNNEL/200") && l.contains("CONNECT " + hostPort + " "))) return;
            Thread.sleep(200);
        }
        throw new AssertionError("no tunnel to " + hostPort + " in squid's access log:\n" + log);
    }
}
