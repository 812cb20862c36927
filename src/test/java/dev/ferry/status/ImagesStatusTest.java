package dev.ferry.status;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.importer.Importer;
import dev.ferry.importer.InputKinds;
import dev.ferry.store.Store;
import dev.ferry.testing.OciLayouts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImagesStatusTest {
    @TempDir
    Path tmp;

    private void importAs(Store store, String dir, String repository, java.util.function.Consumer<OciLayouts> build) throws IOException {
        OciLayouts l = OciLayouts.create(tmp.resolve(dir));
        build.accept(l);
        new Importer(store).run(dev.ferry.app.FerryFamilies.all().inputKinds().open(l.write(), null, OciLayouts.options(repository)), n -> { });
    }

    @Test
    void imagesAreGroupedByUpstreamWithPlatformsAndPlainRepositoriesLeftOut() throws IOException {
        Store store = Store.create(tmp.resolve("store"));
        importAs(store, "multi", "ghcr.io/acme/multi", l -> {
            try {
                ObjectNode amd = l.image("amd64").deepCopy();
                amd.putObject("platform").put("os", "linux").put("architecture", "amd64");
                ObjectNode arm = l.image("arm64 v8").deepCopy();
                arm.putObject("platform").put("os", "linux").put("architecture", "arm64").put("variant", "v8");
                ObjectNode attestation = l.image("attestation").deepCopy();
                attestation.putObject("platform").put("os", "unknown").put("architecture", "unknown");
                l.tag(l.index(amd, arm, attestation), "1.0");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        importAs(store, "pause", "registry.k8s.io/pause", l -> {
            try {
                l.tag(l.image("pause"), "3.9");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        importAs(store, "plain", "team/app", l -> {
            try {
                l.tag(l.image("plain"), "1");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        CatalogView view = CatalogView.of(store.current(), store.blobs());
        Map<String, Object> json = ImagesStatus.json(view);
        assertEquals(List.of("ghcr.io", "registry.k8s.io"), List.copyOf(json.keySet()));
        @SuppressWarnings("unchecked")
        Map<String, Object> multi = ((List<Map<String, Object>>) json.get("ghcr.io")).get(0);
        assertEquals(List.of("ghcr.io/acme/multi:1.0"), multi.get("references"));
        assertEquals(List.of("linux/amd64", "linux/arm64/v8"), multi.get("platforms"));
        assertTrue((Long) multi.get("size") > 0);
        @SuppressWarnings("unchecked")
        Map<String, Object> pause = ((List<Map<String, Object>>) json.get("registry.k8s.io")).get(0);
        assertEquals(List.of("linux/amd64"), pause.get("platforms"), "a single image's platform comes from its config");
        List<String> lines = ImagesStatus.lines(view);
        assertEquals("images:       ghcr.io (1), registry.k8s.io (1)", lines.get(0));
        assertTrue(lines.get(1).startsWith("  ghcr.io/acme/multi:1.0  linux/amd64,linux/arm64/v8  "), lines.toString());
    }
}
