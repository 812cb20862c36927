package dev.ferry.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.Digest;
import dev.ferry.testing.Daemon;
import dev.ferry.testing.OciLayouts;
import dev.ferry.testing.TestPki;
import dev.ferry.testing.TestRegistry;
import dev.ferry.testing.TokenIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Pulls from Debian's docker-registry behind TLS and token auth, content pushed by skopeo. */
class RegistryPullTest {
    private static final String TRIVY = "aquasecurity/trivy-db";
    private static final String JAVA_DB = "aquasecurity/trivy-java-db";
    private static final String PLUGIN = "falcosecurity/plugins/plugin/k8smeta";

    @TempDir
    static Path tmp;
    static TestPki pki;
    static TestRegistry registry;
    static Path layout;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Daemon.installed(TestRegistry.BINARY) && Daemon.installed("skopeo"),
                "docker-registry and skopeo are needed; run scripts/install-test-deps.sh");
        pki = TestPki.create(tmp.resolve("pki"));
        registry = TestRegistry.start(Files.createDirectories(tmp.resolve("registry")), pki,
                Map.of("pusher", "push-pw", "puller", "pull-pw"));
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
        layout = l.write();
        registry.push(layout, "2", TRIVY, "pusher", "push-pw");
        registry.push(layout, "1", JAVA_DB, "pusher", "push-pw");
        registry.push(layout, "0.2.1", PLUGIN, "pusher", "push-pw");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (registry != null) registry.close();
    }

    private HttpFetcher fetcher(String cache, Path authFile) throws IOException {
        return new HttpFetcher(FetchSettings.defaults(tmp.resolve(cache)).withCacert(pki.caFile())
                .withRegistryAuthFile(authFile).withAttempts(2), FetchProgress.NONE);
    }

    @Test
    void anonymousTokenPullMatchesWhatSkopeoReads() throws Exception {
        byte[] raw = registry.rawManifest(TRIVY, "2");
        OciReference ref = OciReference.parse(registry.host() + "/" + TRIVY + ":2");
        RegistryClient client = fetcher("anonymous", null).registry(registry.host());

        ManifestRef m = client.resolve(ref);
        assertEquals(Digest.ofBytes(raw), m.digest());
        assertEquals(OciLayouts.MANIFEST, m.mediaType());
        assertEquals(raw.length, m.size());
        assertArrayEquals(raw, client.manifest(ref, m.digest()));
        pullBlobs(client, ref, raw);
        assertTrue(registry.issuer().requests.contains(new TokenIssuer.Request("anonymous", java.util.List.of("repository:" + TRIVY + ":pull"))),
                registry.issuer().requests.toString());
    }

    @Test
    void javaDbByDigestReference() throws Exception {
        byte[] raw = registry.rawManifest(JAVA_DB, "1");
        Digest d = Digest.ofBytes(raw);
        OciReference ref = OciReference.parse(registry.host() + "/" + JAVA_DB + ":1@" + d);
        RegistryClient client = fetcher("java-db", null).registry(registry.host());
        assertEquals(d, client.resolve(ref).digest());
        byte[] manifest = client.manifest(ref, d);
        assertEquals(OciLayouts.TRIVY_JAVADB_LAYER, OciLayouts.JSON.readTree(manifest).get("layers").get(0).get("mediaType").asText());
        pullBlobs(client, ref, manifest);
    }

    @Test
    void multiPlatformIndexAndItsImages() throws Exception {
        byte[] raw = registry.rawManifest(PLUGIN, "0.2.1");
        OciReference ref = OciReference.parse(registry.host() + "/" + PLUGIN + ":0.2.1");
        RegistryClient client = fetcher("index", null).registry(registry.host());
        ManifestRef m = client.resolve(ref);
        assertEquals(OciLayouts.INDEX, m.mediaType());
        assertEquals(Digest.ofBytes(raw), m.digest());
        JsonNode index = OciLayouts.JSON.readTree(client.manifest(ref, m.digest()));
        assertEquals(2, index.get("manifests").size());
        for (JsonNode child : index.get("manifests")) {
            Digest d = Digest.parse(child.get("digest").asText());
            OciReference pinned = ref.withDigest(d);
            assertEquals(d, client.resolve(pinned).digest());
            pullBlobs(client, ref, client.manifest(ref, d));
        }
    }

    @Test
    void basicCredentialsFromADockerConfigGetTheToken() throws Exception {
        Path config = tmp.resolve("config.json");
        String auth = Base64.getEncoder().encodeToString("puller:pull-pw".getBytes(StandardCharsets.UTF_8));
        Files.writeString(config, "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + auth + "\"}}}");
        OciReference ref = OciReference.parse(registry.host() + "/" + TRIVY + ":2");
        RegistryClient client = fetcher("basic", config).registry(registry.host());
        pullBlobs(client, ref, client.manifest(ref, client.resolve(ref).digest()));
        assertTrue(registry.issuer().requests.stream().anyMatch(r -> r.user().equals("puller")), registry.issuer().requests.toString());
    }

    @Test
    void wrongCredentialsAndUnknownManifestsFailNamingTheArtifact() throws Exception {
        Path config = tmp.resolve("wrong.json");
        Files.writeString(config, "{\"auths\":{\"" + registry.host() + "\":{\"username\":\"puller\",\"password\":\"nope\"}}}");
        OciReference ref = OciReference.parse(registry.host() + "/" + TRIVY + ":2");
        FetchException e = assertThrows(FetchException.class, () -> fetcher("wrong", config).registry(registry.host()).resolve(ref));
        assertTrue(e.getMessage().startsWith(ref + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("token request answered HTTP 401"), e.getMessage());

        RegistryClient client = fetcher("unknown", null).registry(registry.host());
        FetchException missing = assertThrows(FetchException.class,
                () -> client.resolve(OciReference.parse(registry.host() + "/" + TRIVY + ":no-such-tag")));
        assertEquals(404, missing.status());
        Digest other = Digest.ofBytes(new byte[]{7});
        assertThrows(FetchException.class, () -> client.manifest(ref, other));
    }

    /** Every blob a manifest names, fetched, checked against the digest and the layout's bytes, and cached. */
    private static void pullBlobs(RegistryClient client, OciReference ref, byte[] manifest) throws IOException {
        JsonNode m = OciLayouts.JSON.readTree(manifest);
        java.util.List<JsonNode> descriptors = new java.util.ArrayList<>();
        descriptors.add(m.get("config"));
        m.get("layers").forEach(descriptors::add);
        for (JsonNode desc : descriptors) {
            Digest d = Digest.parse(desc.get("digest").asText());
            Fetched f = client.blob(ref, d, desc.get("size").asLong());
            assertEquals(d, f.digest());
            assertArrayEquals(Files.readAllBytes(layout.resolve("blobs/sha256/" + d.hex())), Files.readAllBytes(f.file()));
            assertTrue(client.blob(ref, d, desc.get("size").asLong()).fromCache());
        }
    }
}
