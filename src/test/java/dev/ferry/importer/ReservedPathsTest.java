package dev.ferry.importer;

import dev.ferry.store.RejectedException;
import dev.ferry.store.Store;
import dev.ferry.testing.Trees;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A file the server could never serve, because one of its own endpoints answers that URL, is refused at import. */
class ReservedPathsTest {
    @TempDir
    Path tmp;
    Store store;
    Map<String, byte[]> before;

    @BeforeEach
    void storeWithOneGeneration() throws IOException {
        store = Store.open(tmp.resolve("store"));
        run(Trees.tree(tmp.resolve("good"), Trees.files("keep.txt", "kept")), new ImportOptions());
        before = Trees.snapshot(store.root());
    }

    private ImportReport run(Path tree, ImportOptions options) throws IOException {
        return new Importer(store).run(ChecksummedTreeInput.open(tree, options), n -> { });
    }

    @ParameterizedTest
    @ValueSource(strings = {"v2/library/alpine/manifests/latest", "v2", "api/v1/status", "api/v1/wanted/x.ko", "metrics", "healthz", "readyz"})
    void aPathAnEndpointAnswersIsRefusedAndNothingChanges(String path) throws IOException {
        Path tree = Trees.tree(tmp.resolve("in"), Trees.files("ok.txt", "fine", path, "shadowed"));
        RejectedException e = assertThrows(RejectedException.class, () -> run(tree, new ImportOptions()));
        assertEquals(path, e.entry(), e.getMessage());
        assertTrue(e.reason().contains("reserved"), e.getMessage());
        Map<String, byte[]> now = Trees.snapshot(store.root());
        assertEquals(before.keySet(), now.keySet());
        before.forEach((k, v) -> assertArrayEquals(v, now.get(k), k));
        assertEquals(1, store.current().number());
    }

    @Test
    void aPrefixThatLandsOnAnEndpointIsRefused() throws IOException {
        Path tree = Trees.tree(tmp.resolve("in"), Trees.files("status", "x"));
        RejectedException e = assertThrows(RejectedException.class, () -> run(tree, new ImportOptions().prefix("api/v1")));
        assertEquals("api/v1/status", e.entry(), e.getMessage());
        assertEquals(1, store.current().number());
    }

    @Test
    void namesThatOnlyLookAlikeAreServedFiles() throws IOException {
        Path tree = Trees.tree(tmp.resolve("in"), Trees.files("v2x/a", "1", "api/v2/a", "2", "apis/v1/a", "3",
                "metrics.txt", "4", "docs/metrics", "5", "docs/v2/a", "6", "healthz.html", "7"));
        assertEquals(7, run(tree, new ImportOptions()).files());
    }
}
