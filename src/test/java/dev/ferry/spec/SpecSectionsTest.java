package dev.ferry.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.Digest;
import dev.ferry.store.Generation;
import dev.ferry.core.Json;
import dev.ferry.store.Store;
import dev.ferry.testing.BundleFixture;
import dev.ferry.testing.CliRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The files and oci sections, mirrors, and kernelsFrom. */
class SpecSectionsTest {
    static final byte[] TOOL = "#!/bin/sh\necho tool\n".getBytes(StandardCharsets.UTF_8);
    static final byte[] CHART = "chart bytes".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    BundleFixture keys;
    FakeUpstream up;
    Ck8sUpstream ck8s;

    @BeforeEach
    void upstreams() throws Exception {
        keys = new BundleFixture(dir.resolve("fixture"));
        up = new FakeUpstream(dir.resolve("cache"));
        ck8s = new Ck8sUpstream(up, keys.signer);
        Fetchers.use(settings -> up);
        up.urls.put("https://example.org/tool", TOOL);
        up.urls.put("https://example.org/SHA256SUMS", (Digest.ofBytes(TOOL).hex() + "  other\n" + Digest.ofBytes(CHART).hex()
                + "  chart.tgz\n").getBytes(StandardCharsets.UTF_8));
        up.urls.put("https://example.org/chart.tgz", CHART);
        up.urls.put("https://example.org/chart.tgz.sha512", (Ck8sUpstream.sha512(CHART) + "  chart.tgz\n").getBytes(StandardCharsets.UTF_8));
        up.urls.put("https://example.org/chart.tgz.asc", keys.signer.sign(CHART));
    }

    @AfterEach
    void noFetcher() {
        Fetchers.use(null);
    }

    Path spec(String body) throws Exception {
        Files.copy(keys.trustDir.resolve("release.asc"), dir.resolve("vendor.asc"));
        return Files.writeString(dir.resolve("s.spec.yaml"), "apiVersion: ferry.spec.v1\n" + body);
    }

    @Test
    void filesWithEachKindOfChecksumAndASignature() throws Exception {
        Path spec = spec("""
                files:
                  - url: https://example.org/tool
                    sha256: %s
                    path: tools/tool
                  - url: https://example.org/chart.tgz
                    sha256sums: https://example.org/SHA256SUMS
                    path: charts/a/chart.tgz
                  - url: https://example.org/chart.tgz
                    sha512: https://example.org/chart.tgz.sha512
                    signature: https://example.org/chart.tgz.asc
                    key: vendor.asc
                    path: charts/b/chart.tgz
                """.formatted(Digest.ofBytes(TOOL).hex()));
        Path bundle = dir.resolve("f.bundle");
        CliRun c = CliRun.ferry("bundle", "create", "--spec", spec.toString(), "--out", bundle.toString(), "--unsigned", "--cache", dir.resolve("fetch-cache").toString());
        assertEquals(0, c.exit(), c.both());
        Path store = dir.resolve("store");
        CliRun imp = CliRun.ferry("import", "--create", "--store", store.toString(), "--allow-unsigned", bundle.toString());
        assertEquals(0, imp.exit(), imp.both());
        Generation g = Store.open(store).current();
        assertEquals(Digest.ofBytes(TOOL), g.files().get("tools/tool").digest());
        assertEquals("sha256", g.files().get("tools/tool").metadata().get("verified"));
        assertEquals(Digest.ofBytes(CHART), g.files().get("charts/a/chart.tgz").digest());
        assertEquals("sha512 pgp:" + keys.signer.fingerprint().toUpperCase(), g.files().get("charts/b/chart.tgz").metadata().get("verified"));
    }

    @Test
    void aFileWhoseChecksumDoesNotMatchFails() throws Exception {
        Path spec = spec("files:\n  - url: https://example.org/tool\n    sha256: " + "0".repeat(64) + "\n    path: tools/tool\n");
        Path bundle = dir.resolve("f.bundle");
        CliRun c = CliRun.ferry("bundle", "create", "--spec", spec.toString(), "--out", bundle.toString(), "--unsigned", "--cache", dir.resolve("fetch-cache").toString());
        assertEquals(1, c.exit(), c.both());
        assertTrue(c.err().contains("file tools/tool") && c.err().contains("https://example.org/tool") && c.err().contains("mismatch"), c.err());
        assertFalse(Files.exists(bundle));
    }

    @Test
    void aFileSignedByAnotherKeyFails() throws Exception {
        up.urls.put("https://example.org/chart.tgz.asc", keys.stranger(dir.resolve("s")).sign(CHART));
        Path spec = spec("files:\n  - url: https://example.org/chart.tgz\n    sha512: https://example.org/chart.tgz.sha512\n"
                + "    signature: https://example.org/chart.tgz.asc\n    key: vendor.asc\n    path: c.tgz\n");
        CliRun c = CliRun.ferry("bundle", "create", "--spec", spec.toString(), "--out", dir.resolve("f.bundle").toString(), "--unsigned", "--cache", dir.resolve("fetch-cache").toString());
        assertEquals(1, c.exit(), c.both());
        assertTrue(c.err().contains("https://example.org/chart.tgz") && c.err().contains("not by"), c.err());
    }

    @Test
    void ociByDigestAndTagWithAPlatformAndAMirrorFallback() throws Exception {
        Digest rules = up.tags.get("ghcr.io/falcosecurity/rules/falco-rules:3").digest();
        Path spec = spec("""
                trivy:
                  db:
                    source: ghcr.io/aquasecurity/gone:2
                    mirrors: [ghcr.io/aquasecurity/trivy-db:2]
                oci:
                  - ref: ghcr.io/falcosecurity/rules/falco-rules@%s
                    repository: mirror/rules
                  - ref: ghcr.io/falcosecurity/plugins/plugin/container:0.2.4
                    platforms: [linux/arm64]
                """.formatted(rules));
        JsonNode plan = Json.MAPPER.readTree(CliRun.ferry("bundle", "plan", "--spec", spec.toString(), "--output", "json").out());
        JsonNode db = SpecBundleTest.find(plan, "trivy db");
        assertEquals("ghcr.io/aquasecurity/trivy-db:2", db.path("upstream").asText(), "the mirror answered");
        assertEquals("aquasecurity/gone:2", db.path("publish").asText(), "published where the source says, by default");
        assertEquals("mirror/rules@" + rules, SpecBundleTest.find(plan, "oci ghcr.io/falcosecurity/rules/falco-rules@" + rules)
                .path("publish").asText());

        Path bundle = dir.resolve("o.bundle");
        CliRun c = CliRun.ferry("bundle", "create", "--spec", spec.toString(), "--out", bundle.toString(), "--unsigned", "--cache", dir.resolve("fetch-cache").toString());
        assertEquals(0, c.exit(), c.both());
        Path store = dir.resolve("store");
        assertEquals(0, CliRun.ferry("import", "--create", "--store", store.toString(), "--allow-unsigned", bundle.toString()).exit());
        Generation g = Store.open(store).current();
        assertNotNull(g.repositories().get("mirror/rules").manifests().get(rules.toString()));
        assertNotNull(g.repositories().get("ghcr.io/falcosecurity/plugins/plugin/container").tags().get("0.2.4"), "under its upstream host");
        assertEquals(ck8s.trivyDb, g.repositories().get("aquasecurity/gone").tags().get("2"));
    }

    @Test
    void kernelsFromAWantedSpec() throws Exception {
        Files.writeString(dir.resolve("wanted.yaml"), WantedSpec.yaml(java.util.List.of(
                new WantedSpec.Driver("8.0.0+driver", "x86_64", "kmod", "ubuntu-aws", "6.8.0-1015-aws", "15~22.04.1"))));
        Path spec = spec("falco:\n  drivers:\n    - versions: [\"8.0.0+driver\"]\n      kernelsFrom: wanted.yaml\n      prefix: falco\n");
        JsonNode plan = Json.MAPPER.readTree(CliRun.ferry("bundle", "plan", "--spec", spec.toString(), "--output", "json").out());
        assertEquals(1, plan.path("artifacts").size(), plan.toString());
        JsonNode d = plan.path("artifacts").get(0);
        assertEquals(Ck8sUpstream.DRIVER_2, d.path("upstream").asText());
        assertEquals("falco/driver/8.0.0+driver/x86_64/falco_ubuntu-aws_6.8.0-1015-aws_15~22.04.1.ko", d.path("publish").asText());
    }

    @Test
    void twoEntriesPublishingOnePathAreRefused() throws Exception {
        Path spec = spec("files:\n  - url: https://example.org/tool\n    sha256: " + Digest.ofBytes(TOOL).hex() + "\n    path: tools/x\n"
                + "  - url: https://example.org/chart.tgz\n    sha256: " + Digest.ofBytes(CHART).hex() + "\n    path: tools/x\n");
        CliRun r = CliRun.ferry("bundle", "plan", "--spec", spec.toString());
        assertEquals(1, r.exit(), r.both());
        assertTrue(r.err().contains("would both be published as tools/x") || r.err().contains("named twice"), r.err());
    }

    @Test
    void anExistingOutputIsRefusedBeforeAnyDownload() throws Exception {
        Path spec = spec("files:\n  - url: https://example.org/tool\n    sha256: " + Digest.ofBytes(TOOL).hex() + "\n    path: tools/x\n");
        Path out = Files.writeString(dir.resolve("exists.bundle"), "keep me");
        CliRun r = CliRun.ferry("bundle", "create", "--spec", spec.toString(), "--out", out.toString(), "--unsigned", "--cache", dir.resolve("fetch-cache").toString());
        assertEquals(1, r.exit(), r.both());
        assertEquals(0, up.downloads.get());
        assertEquals("keep me", Files.readString(out));
    }
}
