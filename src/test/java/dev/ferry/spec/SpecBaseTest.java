package dev.ferry.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.Digest;
import dev.ferry.core.Json;
import dev.ferry.store.Store;
import dev.ferry.testing.CliRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loop across the gap: inventory export inside, a plan and a delta bundle of only what changed outside. */
class SpecBaseTest extends Ck8sUpstreamCase {
    Path store;

    @BeforeEach
    void firstBundleImported() throws Exception {
        store = dir.resolve("store");
        Path first = dir.resolve("first.bundle");
        CliRun c = create(first);
        assertEquals(0, c.exit(), c.both());
        CliRun imp = CliRun.ferry("import", "--create", "--store", store.toString(), "--trust", keys.trustDir.toString(), first.toString());
        assertEquals(0, imp.exit(), imp.both());
    }


    CliRun create(Path out, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("bundle", "create", "--spec", spec.toString(),
                "--out", out.toString(), "--sign-key", keys.keys.resolve("release.key").toString(), "--cache", dir.resolve("fetch-cache").toString(),
                "--opensearch-key", keys.trustDir.resolve("release.asc").toString()));
        args.addAll(java.util.List.of(more));
        return CliRun.ferry(args.toArray(String[]::new));
    }

    Path export(String wantedJson) throws Exception {
        Path inv = dir.resolve("inventory.json");
        Files.deleteIfExists(inv);
        if (wantedJson == null) {
            CliRun r = CliRun.ferry("inventory", "export", "--store", store.toString(), "--out", inv.toString());
            assertEquals(0, r.exit(), r.both());
        } else {
            Path w = Files.writeString(dir.resolve("wanted.json"), wantedJson);
            CliRun r = CliRun.ferry("inventory", "export", "--store", store.toString(), "--out", inv.toString(), "--wanted", w.toString());
            assertEquals(0, r.exit(), r.both());
        }
        return inv;
    }

    @Test
    void withTheInventoryEverythingIsHeldAndOnlyAChangeIsFetched() throws Exception {
        Path inv = export(null);
        assertTrue(Files.readString(inv).contains("\"format\" : \"ferry.inventory.v1\""), Files.readString(inv));
        JsonNode plan = Json.MAPPER.readTree(CliRun.ferry("bundle", "plan", "--spec", spec.toString(), "--base", inv.toString(),
                "--output", "json").out());
        assertEquals(0, plan.path("totals").path("fetch").asInt(), plan.toString());
        assertEquals(9, plan.path("totals").path("held").asInt(), plan.toString());
        JsonNode againstStore = Json.MAPPER.readTree(CliRun.ferry("bundle", "plan", "--spec", spec.toString(), "--base", store.toString(),
                "--output", "json").out());
        assertEquals(9, againstStore.path("totals").path("held").asInt(), "a store directory serves as the base too");

        // upstream publishes a new Trivy DB under the same tag
        var layer = Ck8sUpstream.JSON.createObjectNode().put("mediaType", "application/vnd.aquasec.trivy.db.layer.v1.tar+gzip");
        byte[] archive = dev.ferry.testing.OciLayouts.trivyArchive("trivy.db", 2, "2026-12-05T00:00:00Z", "2026-12-06T00:00:00Z");
        layer.put("digest", ck8s.put(null, archive).toString()).put("size", archive.length);
        layer.putObject("annotations").put("org.opencontainers.image.title", "db.tar.gz");
        Digest fresh = ck8s.manifest(ck8s.descriptor("application/vnd.aquasec.trivy.config.v1+json", "{}".getBytes(StandardCharsets.UTF_8)), layer);
        up.tag("ghcr.io/aquasecurity/trivy-db", "2", fresh);

        plan = Json.MAPPER.readTree(CliRun.ferry("bundle", "plan", "--spec", spec.toString(), "--base", inv.toString(),
                "--output", "json").out());
        assertEquals(1, plan.path("totals").path("fetch").asInt(), plan.toString());
        assertEquals("fetch", SpecBundleTest.find(plan, "trivy db").path("status").asText());

        int blobsBefore = up.blobDownloads.get();
        int filesBefore = up.downloads.get();
        Path delta = dir.resolve("delta.bundle");
        CliRun c = create(delta, "--base", inv.toString());
        assertEquals(0, c.exit(), c.both());
        assertEquals(filesBefore, up.downloads.get(), "no file fetched again");
        assertEquals(2, up.blobDownloads.get() - blobsBefore, "only the new DB's config and layer");
        CliRun inspect = CliRun.ferry("bundle", "inspect", "--output", "json", delta.toString());
        assertTrue(Json.MAPPER.readTree(inspect.out()).path("base").has("inventory"), inspect.out());

        CliRun imp = CliRun.ferry("import", "--create", "--store", store.toString(), "--trust", keys.trustDir.toString(), delta.toString());
        assertEquals(0, imp.exit(), imp.both());
        assertEquals(fresh, Store.open(store).current().repositories().get("aquasecurity/trivy-db").tags().get("2"));
        assertTrue(Store.open(store).current().files().containsKey(SpecBundleTest.PLUGIN_PATH), "what the delta left out stays");
    }

    @Test
    void wantedDriversFromTheBaseAreAddedToThePlan() throws Exception {
        String path = "driver/8.0.0+driver/x86_64/falco_rocky_5.14.0-362.el9.x86_64_1.ko";
        up.urls.put("https://download.falco.org/driver/8.0.0%2Bdriver/x86_64/falco_rocky_5.14.0-362.el9.x86_64_1.ko",
                "rocky module".getBytes(StandardCharsets.UTF_8));
        Path inv = export("{\"wanted\":[{\"path\":\"" + path + "\",\"requests\":3,\"lastSeen\":\"2026-12-04T10:00:00Z\"}],"
                + "\"images\":{\"wanted\":[{\"reference\":\"ghcr.io/falcosecurity/plugins/plugin/cloudplugin:1.0\"}]}}");
        ck8s.falcoPlugin("ghcr.io/falcosecurity/plugins/plugin/cloudplugin", "1.0");
        JsonNode plan = Json.MAPPER.readTree(CliRun.ferry("bundle", "plan", "--spec", spec.toString(), "--base", inv.toString(),
                "--output", "json").out());
        JsonNode rocky = SpecBundleTest.find(plan, "falco " + path);
        assertEquals("fetch", rocky.path("status").asText());
        assertEquals(12, rocky.path("size").asLong());
        JsonNode image = SpecBundleTest.find(plan, "oci ghcr.io/falcosecurity/plugins/plugin/cloudplugin:1.0");
        assertEquals("fetch", image.path("status").asText());
        assertEquals("ghcr.io/falcosecurity/plugins/plugin/cloudplugin:1.0", image.path("publish").asText());
    }
}
