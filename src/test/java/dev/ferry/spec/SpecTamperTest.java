package dev.ferry.spec;

import dev.ferry.fetch.ManifestRef;
import dev.ferry.core.Digest;
import dev.ferry.testing.CliRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An upstream that lies fails the run naming the artifact, the URL and the reason, and leaves no bundle behind. */
class SpecTamperTest extends Ck8sUpstreamCase {
    Path out;

    @BeforeEach
    void output() throws Exception {
        out = dir.resolve("out").resolve("ck8s.bundle");
        Files.createDirectories(out.getParent());
    }


    String fails() throws IOException {
        CliRun r = CliRun.ferry("bundle", "create", "--spec", spec.toString(), "--out", out.toString(),
                "--sign-key", keys.keys.resolve("release.key").toString(), "--cache", dir.resolve("fetch-cache").toString(),
                "--opensearch-key", keys.trustDir.resolve("release.asc").toString());
        assertEquals(1, r.exit(), r.both());
        try (Stream<Path> left = Files.list(out.getParent())) {
            assertEquals(0, left.count(), "no bundle, no partial file, no work directory left");
        }
        try (Stream<Path> work = Files.list(dir.resolve("fetch-cache").resolve("work"))) {
            assertEquals(0, work.count(), "the work directory is removed");
        }
        assertTrue(!Files.exists(Lock.besides(spec)), "no lock for a failed run");
        return r.err();
    }

    @Test
    void aSha512MismatchFails() throws Exception {
        up.urls.put(Ck8sUpstream.PLUGIN_ZIP + ".sha512", ("a".repeat(128) + "  repository-s3-2.19.4.zip\n").getBytes(StandardCharsets.UTF_8));
        String err = fails();
        assertTrue(err.contains("opensearch repository-s3 2.19.4") && err.contains(Ck8sUpstream.PLUGIN_ZIP) && err.contains("SHA-512 mismatch"), err);
    }

    @Test
    void aBadSignatureFails() throws Exception {
        up.urls.put(Ck8sUpstream.PLUGIN_ZIP + ".sig", keys.signer.sign("something else".getBytes(StandardCharsets.UTF_8)));
        String err = fails();
        assertTrue(err.contains("opensearch repository-s3 2.19.4") && err.contains(Ck8sUpstream.PLUGIN_ZIP) && err.contains("BAD signature"), err);
    }

    @Test
    void aSignatureByAnUntrustedKeyFails() throws Exception {
        up.urls.put(Ck8sUpstream.PLUGIN_ZIP + ".sig", keys.stranger(dir.resolve("stranger")).sign(ck8s.pluginZip));
        String err = fails();
        assertTrue(err.contains(Ck8sUpstream.PLUGIN_ZIP) && err.contains("unknown key"), err);
    }

    @Test
    void aManifestDigestMismatchFails() throws Exception {
        up.content.put(ck8s.trivyDb, "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}".getBytes(StandardCharsets.UTF_8));
        String err = fails();
        assertTrue(err.contains("trivy db") && err.contains("ghcr.io/aquasecurity/trivy-db:2") && err.contains("manifest digest mismatch"), err);
    }

    @Test
    void aWrongMediaTypeFails() throws Exception {
        ManifestRef real = up.tags.get("ghcr.io/aquasecurity/trivy-db:2");
        up.tags.put("ghcr.io/aquasecurity/trivy-db:2", new ManifestRef(real.digest(), "text/html", real.size()));
        String err = fails();
        assertTrue(err.contains("trivy db") && err.contains("ghcr.io/aquasecurity/trivy-db:2") && err.contains("wrong media type 'text/html'"), err);
    }

    @Test
    void aTruncatedBlobFails() throws Exception {
        String manifest = new String(up.content.get(ck8s.trivyDb), StandardCharsets.UTF_8);
        var node = Ck8sUpstream.JSON.readTree(manifest);
        Digest layer = Digest.parse(node.path("layers").get(0).path("digest").asText());
        byte[] full = up.content.get(layer);
        up.content.put(layer, java.util.Arrays.copyOf(full, full.length / 2));
        String err = fails();
        assertTrue(err.contains("trivy db") && err.contains("ghcr.io/aquasecurity/trivy-db:2") && err.contains(layer.toString()), err);
    }

    @Test
    void aDriverThatChangedUnderTheLockFails() throws Exception {
        CliRun first = CliRun.ferry("bundle", "create", "--spec", spec.toString(), "--out", dir.resolve("first.bundle").toString(),
                "--unsigned", "--cache", dir.resolve("fetch-cache").toString(), "--opensearch-key", keys.trustDir.resolve("release.asc").toString());
        assertEquals(0, first.exit(), first.both());
        up.urls.put(Ck8sUpstream.DRIVER_1, "a different module".getBytes(StandardCharsets.UTF_8));
        up.forgetCache(); // (with the first run's cache, the locked bytes would simply be reused)
        CliRun r = CliRun.ferry("bundle", "create", "--spec", spec.toString(), "--out", out.toString(), "--unsigned", "--locked", "--cache", dir.resolve("fetch-cache").toString(),
                "--opensearch-key", keys.trustDir.resolve("release.asc").toString());
        assertEquals(1, r.exit(), r.both());
        assertTrue(r.err().contains(Ck8sUpstream.DRIVER_1) && r.err().contains("mismatch"), r.err());
        assertTrue(!Files.exists(out));
    }
}
