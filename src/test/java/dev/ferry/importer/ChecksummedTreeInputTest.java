package dev.ferry.importer;

import dev.ferry.core.Digest;
import dev.ferry.core.RejectedException;
import dev.ferry.store.Store;
import dev.ferry.testing.Trees;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every refusal names the file and the reason and leaves the store byte-for-byte as it was. */
class ChecksummedTreeInputTest {
    @TempDir
    Path tmp;
    Store store;
    Map<String, byte[]> storeBefore;

    @BeforeEach
    void storeWithOneGeneration() throws IOException {
        store = Store.create(tmp.resolve("store"));
        run(Trees.tree(tmp.resolve("good"), Trees.files("keep.txt", "kept")), new ImportOptions());
        storeBefore = Trees.snapshot(store.root());
    }

    private ImportReport run(Path tree, ImportOptions options) throws IOException {
        return new Importer(store).run(dev.ferry.testing.Classified.tree(tree, options), n -> { });
    }

    private Path validTree() throws IOException {
        return Trees.tree(tmp.resolve("in"), Trees.files("a.txt", "alpha", "sub/b.bin", "beta"));
    }

    private void assertRefused(Path tree, String entry, String reasonPart) throws IOException {
        assertRefused(tree, new ImportOptions(), entry, reasonPart);
    }

    private void assertRefused(Path tree, ImportOptions options, String entry, String reasonPart) throws IOException {
        RejectedException e = assertThrows(RejectedException.class, () -> run(tree, options));
        assertEquals(entry, e.entry(), e.getMessage());
        assertTrue(e.reason().contains(reasonPart), e.getMessage());
        assertUnchanged();
    }

    private void assertUnchanged() throws IOException {
        Map<String, byte[]> now = Trees.snapshot(store.root());
        assertEquals(storeBefore.keySet(), now.keySet());
        storeBefore.forEach((k, v) -> assertTrue(java.util.Arrays.equals(v, now.get(k)), k));
        assertEquals(1, store.current().number());
    }

    @Test
    void validTreePublishesUnderThePrefix() throws IOException {
        ImportReport r = run(validTree(), new ImportOptions().prefix("/mirror/"));
        assertEquals(2, r.generation());
        assertEquals(2, r.files());
        assertEquals(2, r.newBlobs());
        assertTrue(store.current().files().containsKey("mirror/sub/b.bin"));
        assertTrue(store.current().files().containsKey("keep.txt"));
        assertEquals("application/octet-stream", store.current().files().get("mirror/sub/b.bin").mediaType());
        assertEquals("text/plain; charset=utf-8", store.current().files().get("mirror/a.txt").mediaType());
    }

    @Test
    void replaceUnpublishesWhatTheInputNoLongerHas() throws IOException {
        run(validTree(), new ImportOptions().prefix("m"));
        Path smaller = Trees.tree(tmp.resolve("smaller"), Trees.files("a.txt", "alpha"));
        run(smaller, new ImportOptions().prefix("m").replace(true));
        assertTrue(store.current().files().containsKey("m/a.txt"));
        assertTrue(!store.current().files().containsKey("m/sub/b.bin"));
        assertTrue(store.current().files().containsKey("keep.txt"));
    }

    @Test
    void wrongChecksum() throws IOException {
        Path tree = validTree();
        Files.writeString(tree.resolve("sub/b.bin"), "BETA");
        assertRefused(tree, "sub/b.bin", "sha256 mismatch");
    }

    @Test
    void extraFile() throws IOException {
        Path tree = validTree();
        Files.writeString(tree.resolve("sub/extra"), "x");
        assertRefused(tree, "sub/extra", "not listed");
    }

    @Test
    void missingFile() throws IOException {
        Path tree = validTree();
        Files.delete(tree.resolve("a.txt"));
        assertRefused(tree, "a.txt", "missing");
    }

    @Test
    void symlinkedFile() throws IOException {
        Path tree = validTree();
        Files.delete(tree.resolve("a.txt"));
        Files.createSymbolicLink(tree.resolve("a.txt"), tree.resolve("sub/b.bin"));
        assertRefused(tree, "a.txt", "symbolic link");
    }

    @Test
    void symlinkedDirectoryPointingOutside() throws IOException {
        Path outside = Trees.tree(tmp.resolve("outside"), Trees.files("secret", "s"));
        Path tree = validTree();
        Files.createSymbolicLink(tree.resolve("escape"), outside);
        assertRefused(tree, "escape", "symbolic link");
    }

    @Test
    void fifo() throws Exception {
        Path tree = validTree();
        Process p = new ProcessBuilder("mkfifo", tree.resolve("pipe").toString()).start();
        assertEquals(0, p.waitFor());
        assertRefused(tree, "pipe", "not a regular file");
    }

    @Test
    void parentTraversalInTheList() throws IOException {
        Path tree = validTree();
        Files.writeString(tree.resolve("SHA256SUMS"), Digest.ofBytes("kept".getBytes()).hex() + "  ../good/keep.txt\n", java.nio.file.StandardOpenOption.APPEND);
        assertRefused(tree, "../good/keep.txt", "'..' segment");
    }

    @Test
    void absolutePathInTheList() throws IOException {
        Path tree = validTree();
        Files.writeString(tree.resolve("SHA256SUMS"), Digest.ofBytes("x".getBytes()).hex() + "  /etc/passwd\n", java.nio.file.StandardOpenOption.APPEND);
        assertRefused(tree, "/etc/passwd", "absolute path");
    }

    @Test
    void fileGrownAfterTheScan() throws IOException {
        Path tree = validTree();
        ChecksummedTreeInput input = dev.ferry.testing.Classified.tree(tree, new ImportOptions());
        Files.writeString(tree.resolve("a.txt"), "alpha and more");
        RejectedException e = assertThrows(RejectedException.class, () -> new Importer(store).run(input, n -> { }));
        assertEquals("a.txt", e.entry());
        assertUnchanged();
    }

    @Test
    void noChecksumFile() throws IOException {
        Path tree = validTree();
        Files.delete(tree.resolve("SHA256SUMS"));
        RejectedException e = assertThrows(RejectedException.class, () -> run(tree, new ImportOptions()));
        assertTrue(e.reason().contains("no SHA256SUMS"));
        assertUnchanged();
    }

    @Test
    void reimportIsANoOp() throws IOException {
        Path tree = validTree();
        run(tree, new ImportOptions());
        ImportReport again = run(tree, new ImportOptions());
        assertTrue(!again.changed());
        assertEquals(2, again.generation());
        assertEquals(0, again.newBlobs());
    }

    @ParameterizedTest
    @ValueSource(strings = {"v2/library/alpine/manifests/latest", "v2", "api/v1/status", "api/v1/wanted/x.ko", "metrics", "healthz", "readyz"})
    void aPathTheServerAnswersItselfIsRefused(String path) throws IOException {
        assertRefused(Trees.tree(tmp.resolve("in"), Trees.files("ok.txt", "fine", path, "shadowed")), path, "reserved");
    }

    @Test
    void aPrefixThatLandsOnAnEndpointIsRefused() throws IOException {
        assertRefused(Trees.tree(tmp.resolve("in"), Trees.files("status", "x")), new ImportOptions().prefix("api/v1"), "api/v1/status", "reserved");
    }

    @Test
    void namesThatOnlyLookLikeEndpointsAreServedFiles() throws IOException {
        Path tree = Trees.tree(tmp.resolve("in"), Trees.files("v2x/a", "1", "api/v2/a", "2", "apis/v1/a", "3",
                "metrics.txt", "4", "docs/metrics", "5", "docs/v2/a", "6", "healthz.html", "7"));
        assertEquals(7, run(tree, new ImportOptions()).files());
    }
}
