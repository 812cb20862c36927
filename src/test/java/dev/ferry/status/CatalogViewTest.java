package dev.ferry.status;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.importer.ChecksummedTreeInput;
import dev.ferry.importer.ImportOptions;
import dev.ferry.importer.Importer;
import dev.ferry.importer.InputKinds;
import dev.ferry.store.Store;
import dev.ferry.testing.OciLayouts;
import dev.ferry.testing.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CatalogViewTest {
    @TempDir
    Path tmp;

    @Test
    void anOciArtifactWeighsItsManifestAndEveryBlobOnceFollowingAnIndex() throws IOException {
        Store store = Store.create(tmp.resolve("store"));
        OciLayouts l = OciLayouts.create(tmp.resolve("layout"));
        ObjectNode amd = l.image("amd64 layer, somewhat longer");
        ObjectNode arm = l.image("arm64 layer");
        ObjectNode index = l.index(amd, arm);
        l.tag(index, "1.0").tag(amd, "amd");
        new Importer(store).run(dev.ferry.app.FerryFamilies.all().inputKinds().open(l.write(), null, OciLayouts.options("demo/multi")), n -> { });
        CatalogView view = CatalogView.of(store.current(), store.blobs());
        Artifact multi = view.artifacts().stream().filter(a -> a.servedAs().contains("demo/multi:1.0")).findFirst().orElseThrow();
        long config = size(amd, "config"); // both images share one config: counted once
        long expected = index.get("size").asLong() + amd.get("size").asLong() + arm.get("size").asLong() + config
                + size(amd, "layer") + size(arm, "layer");
        assertEquals(expected, multi.size());
        Artifact single = view.artifacts().stream().filter(a -> a.servedAs().contains("demo/multi:amd")).findFirst().orElseThrow();
        assertEquals(amd.get("size").asLong() + config + size(amd, "layer"), single.size());
        assertEquals("oci", single.family());
        assertEquals(2, view.tags());
    }

    /** Size of the config or the (only) layer of an image written by {@link OciLayouts#image}. */
    private long size(ObjectNode manifestDescriptor, String part) throws IOException {
        var doc = OciLayouts.JSON.readTree(tmp.resolve("layout/blobs/sha256/"
                + manifestDescriptor.get("digest").asText().substring("sha256:".length())).toFile());
        return (part.equals("config") ? doc.get("config") : doc.get("layers").get(0)).get("size").asLong();
    }

    @Test
    void oneContentServedAtTwoPathsIsOneArtifact() throws IOException {
        Store store = Store.create(tmp.resolve("store"));
        Path tree = Trees.tree(tmp.resolve("tree"), Trees.files("a/same.bin", "same", "b/same.bin", "same", "c/other.bin", "other"));
        new Importer(store).run(dev.ferry.testing.Classified.tree(tree, new ImportOptions()), n -> { });
        CatalogView view = CatalogView.of(store.current(), store.blobs());
        assertEquals(2, view.artifacts().size());
        assertEquals(List.of("a/same.bin", "b/same.bin"), view.artifacts().stream()
                .filter(a -> a.name().equals("same.bin")).findFirst().orElseThrow().servedAs());
    }
}
