package dev.ferry.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.store.Generation;
import dev.ferry.core.Json;
import dev.ferry.store.Store;
import dev.ferry.testing.CliRun;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ck8s example spec against in-memory upstreams: plan, create, import, lock, strict, base. */
class SpecBundleTest extends Ck8sUpstreamCase {
    static final String DRIVER_PATH = "driver/8.0.0+driver/x86_64/falco_ubuntu-generic_5.15.0-91-generic_101.ko";
    static final String PLUGIN_PATH = "opensearch/releases/plugins/repository-s3/2.19.4/repository-s3-2.19.4.zip";




    CliRun create(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("bundle", "create", "--spec", spec.toString(), "--out", out.toString(),
                "--sign-key", keys.keys.resolve("release.key").toString(), "--cache", dir.resolve("fetch-cache").toString(),
                "--opensearch-key", keys.trustDir.resolve("release.asc").toString()));
        args.addAll(List.of(more));
        return CliRun.ferry(args.toArray(String[]::new));
    }

    @Test
    void planShowsEveryArtifactWithSizeDigestAndTheMissingKernel() throws Exception {
        CliRun r = CliRun.ferry("bundle", "plan", "--spec", spec.toString(), "--output", "json");
        assertEquals(0, r.exit(), r.both());
        JsonNode plan = Json.MAPPER.readTree(r.out());
        assertEquals("ferry.plan.v1", plan.path("format").asText());
        JsonNode db = find(plan, "trivy db");
        assertEquals(ck8s.trivyDb.toString(), db.path("digest").asText());
        assertEquals("aquasecurity/trivy-db:2", db.path("publish").asText());
        assertTrue(db.path("size").asLong() > 500, db.toString());
        JsonNode plugin = find(plan, "opensearch repository-s3 2.19.4");
        assertEquals(ck8s.pluginZip.length, plugin.path("size").asLong());
        assertEquals("sha512:" + Ck8sUpstream.sha512(ck8s.pluginZip), plugin.path("digest").asText());
        assertEquals(PLUGIN_PATH, plugin.path("publish").asText());
        assertEquals("fetch", find(plan, "falco " + DRIVER_PATH).path("status").asText());
        assertEquals(Ck8sUpstream.DRIVER_1, find(plan, "falco " + DRIVER_PATH).path("upstream").asText());
        assertTrue(Ck8sUpstream.DRIVER_1.contains("/8.0.0%2Bdriver/x86_64/"), Ck8sUpstream.DRIVER_1);
        JsonNode debian = find(plan, "falco driver/8.0.0+driver/x86_64/falco_debian_6.1.0-18-cloud-amd64_1.ko");
        assertEquals("missing", debian.path("status").asText());
        JsonNode container = find(plan, "falco container:0.2.4");
        assertEquals("falcosecurity/plugins/plugin/container:0.2.4", container.path("publish").asText());
        assertTrue(find(plan, "falco falco-rules:3").path("size").asLong() > 0);
        assertEquals(10, plan.path("artifacts").size());
        assertEquals(9, plan.path("totals").path("fetch").asInt());
        assertEquals(1, plan.path("totals").path("missing").asInt());
        assertEquals(0, up.downloads.get() + up.blobDownloads.get(), "plan downloads no payload");

        CliRun text = CliRun.ferry("bundle", "plan", "--spec", spec.toString());
        assertEquals(0, text.exit(), text.both());
        assertTrue(text.out().contains("missing: falco driver/8.0.0+driver/x86_64/falco_debian"), text.out());
        assertTrue(text.out().contains("total: 9 to fetch"), text.out());
    }

    @Test
    void createMakesOneBundleThatImportPublishesWhereTheSpecSays() throws Exception {
        Path bundle = dir.resolve("ck8s.bundle");
        CliRun c = create(bundle, "--zstd");
        assertEquals(0, c.exit(), c.both());
        assertTrue(c.out().contains("missing: falco driver/8.0.0+driver/x86_64/falco_debian"), c.out());
        assertTrue(Files.exists(Lock.besides(spec)));

        CliRun inspect = CliRun.ferry("bundle", "inspect", "--output", "json", bundle.toString());
        assertEquals(0, inspect.exit(), inspect.both());
        assertTrue(inspect.out().contains("tofu-tls") && inspect.out().contains("pgp:" + keys.signer.fingerprint().toUpperCase()),
                inspect.out());

        Path store = dir.resolve("store");
        CliRun imp = CliRun.ferry("import", "--create", "--store", store.toString(), "--trust", keys.trustDir.toString(), bundle.toString());
        assertEquals(0, imp.exit(), imp.both());
        Generation g = Store.open(store).current();
        assertNotNull(g.files().get(PLUGIN_PATH), g.files().keySet().toString());
        assertNotNull(g.files().get("opensearch/repository-s3-2.19.4.zip"));
        assertNotNull(g.files().get(PLUGIN_PATH + ".sig"));
        assertNotNull(g.files().get(DRIVER_PATH));
        assertNotNull(g.files().get("falcoctl/index.yaml"));
        assertEquals(ck8s.trivyDb, g.repositories().get("aquasecurity/trivy-db").tags().get("2"));
        assertNotNull(g.repositories().get("aquasecurity/trivy-java-db").tags().get("1"));
        assertNotNull(g.repositories().get("falcosecurity/rules/falco-rules").tags().get("3"));
        assertNotNull(g.repositories().get("falcosecurity/plugins/plugin/k8smeta").tags().get("0.2.1"));
        // the catalog entries say where they came from and what verified them
        assertEquals(Ck8sUpstream.PLUGIN_ZIP, g.files().get(PLUGIN_PATH).metadata().get("upstream"));
        assertTrue(g.files().get(PLUGIN_PATH).metadata().get("verified").startsWith("sha512 pgp:"));
        assertEquals("tofu-tls", g.files().get(DRIVER_PATH).metadata().get("verified"));
        String db = g.repositories().get("aquasecurity/trivy-db").manifests().get(ck8s.trivyDb.toString()).metadata().get("verified");
        assertEquals("oci-digest", db);
        CliRun status = CliRun.ferry("status", "--store", store.toString());
        assertTrue(status.out().contains("from ghcr.io/aquasecurity/trivy-db:2 (oci-digest, fetched "), status.both());
        // what /api/v1/catalog and the catalog page list
        var view = dev.ferry.status.CatalogView.of(g, Store.open(store).blobs());
        assertTrue(view.artifacts().stream().anyMatch(a -> a.servedAs().contains(PLUGIN_PATH)
                && Ck8sUpstream.PLUGIN_ZIP.equals(a.toJson(java.time.Instant.now()).get("metadata") instanceof java.util.Map<?, ?> m
                ? m.get("upstream") : null)), view.artifacts().toString());
    }

    @Test
    void aPlatformFilterKeepsOnlyThatPlatform() throws Exception {
        Path bundle = dir.resolve("ck8s.bundle");
        CliRun made = create(bundle);
        assertEquals(0, made.exit(), made.both());
        Path store = dir.resolve("store");
        assertEquals(0, CliRun.ferry("import", "--create", "--store", store.toString(), "--trust", keys.trustDir.toString(), bundle.toString()).exit());
        var repo = Store.open(store).current().repositories().get("falcosecurity/plugins/plugin/container");
        assertEquals(2, repo.manifests().size(), repo.manifests().keySet().toString()); // the filtered index and the amd64 manifest
    }

    @Test
    void lockedRebuildsAndRefusesDrift() throws Exception {
        CliRun first = create(dir.resolve("a.bundle"));
        assertEquals(0, first.exit(), first.both());
        String lock = Files.readString(Lock.besides(spec));
        assertTrue(lock.contains("\"opensearch repository-s3 2.19.4\"") && lock.contains(ck8s.trivyDb.toString()), lock);

        CliRun again = create(dir.resolve("b.bundle"), "--locked");
        assertEquals(0, again.exit(), again.both());
        assertEquals(lock, Files.readString(Lock.besides(spec)), "a locked rebuild leaves the lock as it was");

        // upstream publishes a new DB under the same tag
        ck8s.put(Ck8sUpstream.MANIFEST, "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"x\",\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":2},\"layers\":[]}".getBytes(StandardCharsets.UTF_8));
        up.tag("ghcr.io/aquasecurity/trivy-db", "2", dev.ferry.core.Digest.ofBytes(up.content.keySet().stream()
                .filter(d -> new String(up.content.get(d), StandardCharsets.UTF_8).contains("\"layers\":[]}")).findFirst()
                .map(up.content::get).orElseThrow()));
        Path c = dir.resolve("c.bundle");
        CliRun drift = create(c, "--locked");
        assertEquals(1, drift.exit(), drift.both());
        assertTrue(drift.err().contains("trivy db") && drift.err().contains("upstream now resolves to"), drift.err());
        assertFalse(Files.exists(c));

        // a spec entry the lock does not have
        Files.writeString(spec, Files.readString(spec).replace("version: 2.19.4", "versions: [2.19.4, 2.19.3]"));
        CliRun added = create(c, "--locked");
        assertEquals(1, added.exit(), added.both());
    }

    @Test
    void aRerunTakesWhatDidNotChangeFromTheCache() throws Exception {
        CliRun first = create(dir.resolve("1.bundle"));
        assertEquals(0, first.exit(), first.both());
        int files = up.downloads.get();
        CliRun second = create(dir.resolve("2.bundle"));
        assertEquals(0, second.exit(), second.both());
        // the plugin's sha512 is unchanged, so the locked sha256 stands for its bytes; drivers have no upstream digest
        assertEquals(2, up.downloads.get() - files, "only the two drivers are asked for again");
    }

    @Test
    void strictFailsOnAMissingDriver() throws Exception {
        Path out = dir.resolve("s.bundle");
        CliRun r = create(out, "--strict");
        assertEquals(1, r.exit(), r.both());
        assertTrue(r.err().contains("--strict") && r.err().contains("falco_debian_6.1.0-18-cloud-amd64_1.ko"), r.err());
        assertFalse(Files.exists(out));
        CliRun plan = CliRun.ferry("bundle", "plan", "--spec", spec.toString(), "--strict");
        assertEquals(1, plan.exit(), plan.both());
    }

    static JsonNode find(JsonNode plan, String key) {
        for (JsonNode a : plan.path("artifacts")) if (a.path("artifact").asText().equals(key)) return a;
        throw new AssertionError("no " + key + " in " + plan);
    }
}
