package dev.ferry.store;

import dev.ferry.core.RejectedException;
import dev.ferry.core.Digest;

import dev.ferry.importer.ChecksummedTreeInput;
import dev.ferry.importer.ImportOptions;
import dev.ferry.importer.Importer;
import dev.ferry.testing.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreTest {
    @TempDir
    Path tmp;

    private Store store() throws IOException {
        return Store.create(tmp.resolve("store"));
    }

    private long importTree(Store store, String name, String... files) throws IOException {
        Path tree = Trees.tree(tmp.resolve(name), Trees.files(files));
        return new Importer(store).run(dev.ferry.testing.Classified.tree(tree, new ImportOptions()), n -> { }).generation();
    }

    private static byte[] blob(Store store, Generation g, String path) throws IOException {
        try (var in = store.blobs().open(g.file(CatalogPath.of(path)).orElseThrow().digest())) {
            return in.readAllBytes();
        }
    }

    @Test
    void newStoreServesTheEmptyGeneration() throws IOException {
        Store store = store();
        assertEquals(0, store.current().number());
        assertTrue(store.current().files().isEmpty());
        assertTrue(Files.exists(store.root().resolve("blobs/sha256")));
    }

    @Test
    void refusesADirectoryThatIsNotAStore() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("busy"));
        Files.writeString(dir.resolve("something"), "x");
        IOException e = assertThrows(IOException.class, () -> Store.create(dir));
        assertTrue(e.getMessage().contains("not a Ferry store"), e.getMessage());
    }

    @Test
    void openingAPathWithoutAStoreCreatesNothing() throws IOException {
        Path missing = tmp.resolve("sotre");
        IOException e = assertThrows(Store.NotAStoreException.class, () -> Store.open(missing));
        assertTrue(e.getMessage().contains("does not exist; create a store with 'ferry init --store " + missing + "'"), e.getMessage());
        assertFalse(Files.exists(missing), "a mistyped path became a store");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        e = assertThrows(Store.NotAStoreException.class, () -> Store.open(empty));
        assertTrue(e.getMessage().contains("is not a Ferry store (no ferry-store file)"), e.getMessage());
        try (var left = Files.list(empty)) {
            assertEquals(0, left.count(), "nothing written into a directory that is not a store");
        }
        Store created = Store.create(empty);
        assertEquals(created.root(), Store.open(empty).root());
    }

    @Test
    void commitPublishesANewGenerationAndBlobsByDigest() throws IOException {
        Store store = store();
        long g = importTree(store, "t1", "a.txt", "alpha", "dir/b.txt", "beta");
        assertEquals(1, g);
        Generation current = store.current();
        assertEquals(1, current.number());
        assertEquals("alpha", new String(blob(store, current, "a.txt"), StandardCharsets.UTF_8));
        Digest d = Digest.ofBytes("beta".getBytes(StandardCharsets.UTF_8));
        assertTrue(Files.exists(store.root().resolve("blobs/sha256/" + d.hex())));
        assertEquals(d, current.file(CatalogPath.of("dir/b.txt")).orElseThrow().digest());
    }

    @Test
    void sameContentTwiceIsANoOpThatKeepsPublishTimes() throws IOException {
        Store store = store();
        importTree(store, "t1", "a.txt", "alpha");
        var before = store.current().file(CatalogPath.of("a.txt")).orElseThrow();
        long again = importTree(store, "t1", "a.txt", "alpha");
        assertEquals(1, again);
        assertEquals(List.of(1L), store.catalog().list());
        assertEquals(before.publishedAt(), store.current().file(CatalogPath.of("a.txt")).orElseThrow().publishedAt());
    }

    @Test
    void unchangedEntriesKeepTheirPublishTimeAcrossGenerations() throws IOException {
        Store store = store();
        importTree(store, "t1", "a.txt", "alpha");
        var first = store.current().file(CatalogPath.of("a.txt")).orElseThrow();
        importTree(store, "t2", "b.txt", "beta");
        assertEquals(2, store.current().number());
        assertEquals(first.publishedAt(), store.current().file(CatalogPath.of("a.txt")).orElseThrow().publishedAt());
    }

    @Test
    void abandonedTransactionLeavesNoTrace() throws IOException {
        Store store = store();
        importTree(store, "t1", "a.txt", "alpha");
        Map<String, byte[]> before = Trees.snapshot(store.root());
        try (StoreTransaction txn = store.begin("test")) {
            Digest d = txn.putBlob("x", new ByteArrayInputStream("new bytes".getBytes()), null, -1);
            txn.putFile(CatalogPath.of("x"), d, 9, null, null, Map.of());
        }
        assertEquals(before.keySet(), Trees.snapshot(store.root()).keySet());
        assertEquals(1, store.current().number());
    }

    @Test
    void digestAndSizeMismatchesAreRefusedNamingTheEntry() throws IOException {
        Store store = store();
        try (StoreTransaction txn = store.begin("test")) {
            Digest wrong = Digest.ofBytes("other".getBytes());
            RejectedException e = assertThrows(RejectedException.class,
                    () -> txn.putBlob("the-entry", new ByteArrayInputStream("content".getBytes()), wrong, 7));
            assertEquals("the-entry", e.entry());
            assertTrue(e.reason().contains("sha256 mismatch"), e.reason());
            RejectedException longer = assertThrows(RejectedException.class,
                    () -> txn.putBlob("long", new ByteArrayInputStream("content".getBytes()), null, 3));
            assertTrue(longer.reason().contains("more bytes than the declared size 3"), longer.reason());
        }
    }

    @Test
    void aFileReferencingAnUnknownBlobCannotBeCommitted() throws IOException {
        Store store = store();
        try (StoreTransaction txn = store.begin("test")) {
            txn.putFile(CatalogPath.of("ghost"), Digest.ofBytes("nope".getBytes()), 4, null, null, Map.of());
            RejectedException e = assertThrows(RejectedException.class, txn::commit);
            assertEquals("ghost", e.entry());
        }
        assertEquals(0, store.current().number());
    }

    @Test
    void onlyOneWriterAtATime() throws IOException {
        Store store = store();
        try (StoreTransaction ignored = store.begin("first")) {
            assertThrows(StoreLock.StoreBusyException.class, () -> store.begin("second"));
        }
        store.begin("third").close();
    }

    @Test
    void rollbackRestoresThePreviousAndANamedGeneration() throws IOException {
        Store store = store();
        importTree(store, "t1", "a.txt", "one");
        importTree(store, "t2", "a.txt", "two");
        importTree(store, "t3", "a.txt", "three");
        assertEquals(2, store.rollback(OptionalLong.empty()).number());
        assertEquals("two", new String(blob(store, store.current(), "a.txt")));
        assertEquals(1, store.rollback(OptionalLong.empty()).number());
        assertEquals(3, store.rollback(OptionalLong.of(3)).number());
        assertThrows(IOException.class, () -> store.rollback(OptionalLong.of(9)));
        // a new import after a rollback never reuses a number
        store.rollback(OptionalLong.of(1));
        assertEquals(4, importTree(store, "t4", "a.txt", "four"));
    }

    @Test
    void rollbackIsRefusedWhenTheTargetsBlobsAreGone() throws IOException {
        Store store = store();
        importTree(store, "t1", "a.txt", "one");
        importTree(store, "t2", "a.txt", "two");
        store.blobs().delete(Digest.ofBytes("one".getBytes()));
        IOException e = assertThrows(IOException.class, () -> store.rollback(OptionalLong.empty()));
        assertTrue(e.getMessage().contains("missing or damaged"), e.getMessage());
        assertEquals(2, store.current().number());
    }

    @Test
    void gcKeepsTheNewestGenerationsAndTheCurrentOneAndTheirBlobsOnly() throws IOException {
        Store store = store();
        importTree(store, "t1", "a.txt", "one");
        importTree(store, "t2", "a.txt", "two");
        importTree(store, "t3", "a.txt", "three");
        importTree(store, "t4", "a.txt", "four");
        store.rollback(OptionalLong.of(1));
        Store.GcReport report = store.gc(2);
        assertEquals(List.of(1L, 3L, 4L), store.catalog().list());
        assertEquals(List.of(2L), report.deletedGenerations());
        assertEquals(1, report.deletedBlobs());
        assertFalse(store.blobs().contains(Digest.ofBytes("two".getBytes())));
        assertTrue(store.blobs().contains(Digest.ofBytes("one".getBytes())));
        assertTrue(store.blobs().contains(Digest.ofBytes("four".getBytes())));
        assertEquals(1, store.current().number());
    }

    @Test
    void verifyFindsAFlippedByteAndNamesDigestAndPath() throws IOException {
        Store store = store();
        importTree(store, "t1", "a.txt", "alpha", "b.txt", "beta");
        assertTrue(new StoreVerifier(store).verify(n -> { }).clean());
        Digest d = Digest.ofBytes("alpha".getBytes());
        Path file = store.root().resolve("blobs/sha256/" + d.hex());
        byte[] bytes = Files.readAllBytes(file);
        bytes[0] ^= 1;
        Files.write(file, bytes);
        StoreVerifier.Report report = new StoreVerifier(store).verify(n -> { });
        assertFalse(report.clean());
        String text = report.problems().toString();
        assertTrue(text.contains(d.toString()) && text.contains("a.txt") && text.contains("damaged"), text);
        assertFalse(text.contains("b.txt"), text);
    }

    @Test
    void verifyReportsMissingBlobs() throws IOException {
        Store store = store();
        importTree(store, "t1", "a.txt", "alpha");
        store.blobs().delete(Digest.ofBytes("alpha".getBytes()));
        StoreVerifier.Report report = new StoreVerifier(store).verify(n -> { });
        assertEquals(1, report.problems().size());
        assertTrue(report.problems().get(0).toString().contains("blob missing"));
    }

    @Test
    void recoveryRemovesAnUnpublishedGenerationAndItsBlobs() throws IOException {
        Store store = store();
        importTree(store, "t1", "a.txt", "one");
        Map<String, byte[]> before = Trees.snapshot(store.root());
        // simulate a writer that died after moving its blobs and writing its generation, before the pointer switch
        Digest orphan = Digest.ofBytes("orphan".getBytes());
        Files.writeString(store.root().resolve("blobs/sha256/" + orphan.hex()), "orphan");
        store.catalog().writePlan(new TransactionPlan("dead", 2, List.of(orphan)));
        store.catalog().write(new Generation(2, 1, java.time.Instant.now(), "dead", Map.of("o", new FileEntry(orphan, 6,
                null, null, java.time.Instant.now(), null))));
        Files.createDirectories(store.root().resolve("staging/dead"));
        Files.writeString(store.root().resolve("staging/dead/incoming-0"), "partial");

        Store reopened = Store.create(store.root());
        assertEquals(1, reopened.current().number());
        assertEquals(before.keySet(), Trees.snapshot(reopened.root()).keySet());
    }

    @Test
    void recoveryKeepsAGenerationThatBecameCurrent() throws IOException {
        Store store = store();
        importTree(store, "t1", "a.txt", "one");
        Digest d = store.current().file(CatalogPath.of("a.txt")).orElseThrow().digest();
        store.catalog().writePlan(new TransactionPlan("finished", 1, List.of(d)));
        Store reopened = Store.create(store.root());
        assertEquals(1, reopened.current().number());
        assertTrue(reopened.blobs().contains(d));
        assertTrue(reopened.catalog().plans().isEmpty());
    }

    @Test
    void journalRecordsSuccessesAndFailures() throws IOException {
        Store store = store();
        importTree(store, "t1", "a.txt", "one");
        Path bad = Trees.tree(tmp.resolve("bad"), Trees.files("a.txt", "one"));
        Files.writeString(bad.resolve("a.txt"), "tampered");
        assertThrows(RejectedException.class,
                () -> new Importer(store).run(dev.ferry.testing.Classified.tree(bad, new ImportOptions()), n -> { }));
        var activity = dev.ferry.status.Activity.of(store.journal());
        assertEquals(JournalEntry.FAILURE, activity.lastImport().result());
        assertTrue(activity.lastImport().reason().contains("a.txt"), activity.lastImport().reason());
        assertEquals(JournalEntry.SUCCESS, activity.lastSuccessfulImport().result());
        assertEquals(1, store.current().number());
    }

    @Test
    void ociRepositoriesArePublishedVerifiedAndCollected() throws IOException {
        Store store = store();
        byte[] manifest = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
        byte[] layer = "layer bytes".getBytes(StandardCharsets.UTF_8);
        try (StoreTransaction txn = store.begin("oci")) {
            Digest m = txn.putBlob("manifest", new ByteArrayInputStream(manifest), null, -1);
            Digest l = txn.putBlob("layer", new ByteArrayInputStream(layer), null, -1);
            txn.putRepository("aquasec/trivy-db", new OciRepository(new java.util.TreeMap<>(Map.of("2", m)),
                    new java.util.TreeMap<>(Map.of(m.toString(), new OciRepository.OciManifest(
                            "application/vnd.oci.image.manifest.v1+json", manifest.length, "trivy", Map.of()))),
                    new java.util.TreeMap<>(Map.of(l.toString(), (long) layer.length))));
            assertTrue(txn.commit().changed());
        }
        Generation g = store.current();
        assertEquals(Digest.ofBytes(manifest), g.repository("aquasec/trivy-db").orElseThrow().tags().get("2"));
        assertEquals(2, g.referencedDigests().size());
        Generation reread = store.catalog().read(g.number());
        assertTrue(reread.sameContent(g));
        assertTrue(new StoreVerifier(store).verify(n -> { }).clean());
        store.blobs().delete(Digest.ofBytes(layer));
        assertTrue(new StoreVerifier(store).verify(n -> { }).problems().toString().contains("aquasec/trivy-db@"));
    }

    @Test
    void aRepositoryReferencingAnUnknownBlobCannotBeCommitted() throws IOException {
        Store store = store();
        try (StoreTransaction txn = store.begin("oci")) {
            Digest ghost = Digest.ofBytes("ghost".getBytes());
            txn.putRepository("r", new OciRepository(null, null, new java.util.TreeMap<>(Map.of(ghost.toString(), 5L))));
            RejectedException e = assertThrows(RejectedException.class, txn::commit);
            assertTrue(e.entry().startsWith("r@sha256:"), e.entry());
        }
    }
}
