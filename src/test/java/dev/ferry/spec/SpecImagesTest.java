package dev.ferry.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.Digest;
import dev.ferry.store.Generation;
import dev.ferry.core.Json;
import dev.ferry.store.OciRepository;
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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The images section: admins' images lists (short names, comments, digests) become repositories under their upstream host. */
class SpecImagesTest {
    @TempDir
    Path dir;
    FakeUpstream up;
    Ck8sUpstream images;
    Digest nginx;

    @BeforeEach
    void upstreams() throws Exception {
        BundleFixture keys = new BundleFixture(dir.resolve("fixture"));
        up = new FakeUpstream(dir.resolve("cache"));
        images = new Ck8sUpstream(up, keys.signer);
        Fetchers.use(settings -> up);
        nginx = images.manifest(images.descriptor("application/vnd.oci.image.config.v1+json", "{\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8)),
                images.descriptor("application/vnd.oci.image.layer.v1.tar+gzip", "nginx layer".getBytes(StandardCharsets.UTF_8)));
        up.tag("docker.io/library/nginx", "1.27", nginx);
        images.falcoPlugin("registry.k8s.io/pause", "3.9"); // a two-platform index
    }

    @AfterEach
    void noFetcher() {
        Fetchers.use(null);
    }

    @Test
    void listsAndRefsArePlannedFetchedAndPublishedUnderTheirUpstreamHost() throws Exception {
        Files.writeString(dir.resolve("images-sc.list"), """
                # from: ck8s ops helmfile sc template | yq '..|.image? | select(.)' | sort -u
                nginx:1.27

                registry.k8s.io/pause:3.9
                docker.io/library/nginx@%s
                """.formatted(nginx));
        Path spec = Files.writeString(dir.resolve("images.spec.yaml"), """
                apiVersion: ferry.spec.v1
                images:
                  lists: [images-sc.list]
                  refs: [ghcr.io/falcosecurity/rules/falco-rules:3]
                  platforms: [linux/arm64]
                """);
        CliRun plan = CliRun.ferry("bundle", "plan", "--spec", spec.toString(), "--output", "json");
        assertEquals(0, plan.exit(), plan.both());
        JsonNode artifacts = Json.MAPPER.readTree(plan.out()).path("artifacts");
        String keys = artifacts.toString();
        assertTrue(keys.contains("image docker.io/library/nginx:1.27 (images-sc.list:2)"), keys);
        assertTrue(keys.contains("image registry.k8s.io/pause:3.9 (images-sc.list:4)"), keys);
        assertTrue(keys.contains("(images.refs)"), keys);

        Path bundle = dir.resolve("images.bundle");
        CliRun create = CliRun.ferry("bundle", "create", "--spec", spec.toString(), "--out", bundle.toString(), "--unsigned",
                "--channel", "images", "--cache", dir.resolve("fetch-cache").toString());
        assertEquals(0, create.exit(), create.both());
        Path store = dir.resolve("store");
        CliRun imported = CliRun.ferry("import", "--create", "--store", store.toString(), "--allow-unsigned", bundle.toString());
        assertEquals(0, imported.exit(), imported.both());
        Generation g = Store.open(store).current();
        OciRepository n = g.repositories().get("docker.io/library/nginx");
        assertEquals(nginx, n.tags().get("1.27"), "the upstream digest, preserved");
        assertTrue(n.manifests().containsKey(nginx.toString()));
        OciRepository pause = g.repositories().get("registry.k8s.io/pause");
        assertTrue(pause != null && pause.tags().containsKey("3.9"), g.repositories().keySet().toString());
        assertTrue(g.repositories().containsKey("ghcr.io/falcosecurity/rules/falco-rules"), g.repositories().keySet().toString());
        String entry = n.manifests().get(nginx.toString()).metadata().get("specEntry");
        assertTrue(entry.matches("image docker\\.io/library/nginx[:@].* \\(images-sc\\.list:[25]\\)"),
                "the catalog names a list line the image came from (it is listed twice, by tag and by digest): " + entry);
    }

    @Test
    void aLineThatIsNoReferenceIsRefusedWithItsLine() throws Exception {
        Files.writeString(dir.resolve("bad.list"), "nginx:1.27\nNot An Image!\n");
        Path spec = Files.writeString(dir.resolve("bad.spec.yaml"), "apiVersion: ferry.spec.v1\nimages:\n  lists: [bad.list]\n");
        CliRun plan = CliRun.ferry("bundle", "plan", "--spec", spec.toString());
        assertNotEquals(0, plan.exit());
        assertTrue(plan.err().contains("bad.list line 2: 'Not An Image!' is not an image reference"), plan.err());
        assertFalse(plan.err().contains("Exception"), plan.err());
    }
}
