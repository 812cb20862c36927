package dev.ferry.bundle;

import dev.ferry.importer.ImportOptions;
import dev.ferry.importer.ImportReport;
import dev.ferry.importer.InputKinds;
import dev.ferry.store.CatalogPath;
import dev.ferry.core.Digest;
import dev.ferry.store.JournalEntry;
import dev.ferry.store.Store;
import dev.ferry.testing.BundleFixture;
import dev.ferry.testing.Trees;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BundleRoundTripTest {
    @TempDir
    Path dir;
    BundleFixture fixture;
    Path tree;
    byte[] big;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new BundleFixture(dir);
        big = new byte[3_000_000];
        new Random(7).nextBytes(big);
        Map<String, byte[]> files = Trees.files("hello.txt", "hello", "nested/dir/a+b~c.ko", "driver bytes", "same.txt", "hello");
        files.put("big.bin", big);
        tree = Trees.tree(dir.resolve("tree"), files);
    }

    private BundleCreator.Result create(Path out, BundleFormat.Compression compression, long split) throws Exception {
        BundleCreator.Options o = new BundleCreator.Options(out, compression, 3, split, fixture.signer, "main", null, "test", null);
        return BundleCreator.create(List.of(dev.ferry.app.FerryFamilies.all().inputKinds().open(tree, null, new ImportOptions())), o, Instant.now(), n -> { });
    }

    private ImportOptions trusted() {
        return BundleImportSettings.trusting(fixture.trust).options();
    }

    @ParameterizedTest
    @EnumSource(BundleFormat.Compression.class)
    void aSignedBundleImportsIntoAnEmptyStoreAndReimportIsANoOp(BundleFormat.Compression compression) throws Exception {
        Path file = dir.resolve("b" + compression.suffix());
        BundleCreator.Result r = create(file, compression, 0);
        assertEquals(3, r.manifest().blobs().size(), "identical content is carried once");
        Store store = Store.create(dir.resolve("store"));
        ImportReport report = new BundleImporter(store, trusted()).importFile(file, n -> { });
        assertTrue(report.changed());
        assertEquals(1, store.current().number());
        try (InputStream in = store.blobs().open(store.current().file(CatalogPath.of("big.bin")).orElseThrow().digest())) {
            assertArrayEquals(big, in.readAllBytes());
        }
        assertEquals(4, store.current().files().size());

        ImportReport again = new BundleImporter(store, trusted()).importFile(file, n -> { });
        assertFalse(again.changed());
        assertEquals(1, again.generation());

        JournalEntry last = store.journal().tail(1).get(0);
        assertEquals(JournalEntry.UNCHANGED, last.result());
        assertEquals(r.manifest().id(), last.details().get("bundleId"));
        assertEquals(fixture.signer.fingerprint(), last.details().get("signer"));
        assertEquals(Long.toString(Files.size(file)), last.details().get("bundleBytes"));
        assertEquals(Digest.ofBytes(Files.readAllBytes(file)), r.sha256(), "the sha256 bundle create prints");
        assertEquals(java.util.Map.of(file, r.sha256()), r.checksums());
    }

    @Test
    void splitPartsRejoinFromTheFirstPartOrTheIndex() throws Exception {
        Path file = dir.resolve("split.tar");
        BundleCreator.Result r = create(file, BundleFormat.Compression.NONE, 1_000_000);
        assertEquals(5, r.files().size(), "4 parts and the index: " + r.files());
        for (Path p : r.files()) {
            if (!p.toString().endsWith(".parts.json")) assertTrue(Files.size(p) <= 1_000_000);
        }
        Store a = Store.create(dir.resolve("a"));
        new BundleImporter(a, trusted()).importFile(dir.resolve("split.tar.001"), n -> { });
        Store b = Store.create(dir.resolve("b"));
        new BundleImporter(b, trusted()).importFile(dir.resolve("split.tar.parts.json"), n -> { });
        assertTrue(a.current().sameContent(b.current()));
        assertTrue(dev.ferry.app.FerryFamilies.all().inputKinds().all().get(0).recognizes(dir.resolve("split.tar.001")));
        java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
        for (Path p : r.files()) {
            assertEquals(Digest.ofBytes(Files.readAllBytes(p)), r.checksums().get(p), "printed sha256 of " + p);
            if (!p.toString().endsWith(".parts.json")) joined.write(Files.readAllBytes(p));
        }
        assertEquals(Digest.ofBytes(joined.toByteArray()), r.sha256(), "the whole bundle is the parts concatenated");
    }

    @Test
    void aStreamImportsLikeAFile() throws Exception {
        Path file = dir.resolve("b.tar.zst");
        create(file, BundleFormat.Compression.ZSTD, 0);
        Store store = Store.create(dir.resolve("store"));
        try (InputStream in = Files.newInputStream(file)) {
            new BundleImporter(store, trusted()).importStream(in, "upload from test", n -> { });
        }
        assertEquals(4, store.current().files().size());
        assertEquals("upload from test", store.journal().tail(1).get(0).source());
    }

    @Test
    void aStoreCanBeBundledAndCopiedWholesale() throws Exception {
        Store first = Store.create(dir.resolve("first"));
        new dev.ferry.importer.Importer(first).run(dev.ferry.app.FerryFamilies.all().inputKinds().open(tree, null, new ImportOptions()), n -> { });
        Path file = dir.resolve("store.tar.zst");
        BundleCreator.Options o = new BundleCreator.Options(file, BundleFormat.Compression.ZSTD, 3, 0, fixture.signer, "main", null, "t", null);
        BundleCreator.create(List.of(dev.ferry.app.FerryFamilies.all().inputKinds().open(dir.resolve("first"), null, new ImportOptions())), o, Instant.now(), n -> { });
        Store second = Store.create(dir.resolve("second"));
        new BundleImporter(second, trusted()).importFile(file, n -> { });
        assertTrue(first.current().sameContent(second.current()));
    }
}
