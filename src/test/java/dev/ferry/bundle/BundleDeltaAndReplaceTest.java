package dev.ferry.bundle;

import dev.ferry.importer.ImportInput;
import dev.ferry.importer.ImportOptions;
import dev.ferry.importer.InputKinds;
import dev.ferry.store.CatalogPath;
import dev.ferry.core.Digest;
import dev.ferry.store.Generation;
import dev.ferry.core.RejectedException;
import dev.ferry.store.Store;
import dev.ferry.store.StoreVerifier;
import dev.ferry.testing.BundleFixture;
import dev.ferry.testing.Trees;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Delta bundles (made against the target's catalog) and bundles that replace everything under a prefix. */
class BundleDeltaAndReplaceTest {
    @TempDir
    Path dir;
    BundleFixture fixture;
    byte[] big;
    byte[] newBig;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new BundleFixture(dir);
        big = new byte[2_000_000];
        new Random(11).nextBytes(big);
        newBig = new byte[1_000_000];
        new Random(12).nextBytes(newBig);
    }

    private Path bundle(String name, Path tree, ImportOptions options, Generation base) throws Exception {
        Path out = dir.resolve(name);
        List<ImportInput> inputs = List.of(dev.ferry.app.FerryFamilies.all().inputKinds().open(tree, null, options));
        BundleCreator.Options o = new BundleCreator.Options(out, BundleFormat.Compression.NONE, 3, 0, fixture.signer, name, null, "test", base);
        BundleCreator.create(inputs, o, Instant.now(), n -> { });
        return out;
    }

    private void importInto(Store store, Path bundle) throws Exception {
        new BundleImporter(store, BundleImportSettings.trusting(fixture.trust).options()).importFile(bundle, n -> { });
    }

    private static byte[] served(Store store, String path) throws Exception {
        Digest digest = store.current().file(CatalogPath.of(path)).orElseThrow(() -> new AssertionError(path + " not published")).digest();
        try (InputStream in = store.blobs().open(digest)) {
            return in.readAllBytes();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A store whose one generation holds hello.txt and the 2 MB big.bin, imported from a full bundle. */
    private Store storeWithHelloAndBig() throws Exception {
        Map<String, byte[]> v1 = Trees.files("hello.txt", "hello");
        v1.put("big.bin", big);
        Store target = Store.create(dir.resolve("target"));
        importInto(target, bundle("full", Trees.tree(dir.resolve("tree1"), v1), new ImportOptions(), null));
        return target;
    }

    @Test
    void aDeltaBundleCarriesOnlyWhatTheBaseLacksAndCompletesTheMatchingStore() throws Exception {
        Store target = storeWithHelloAndBig();

        Map<String, byte[]> v2 = Trees.files("hello.txt", "hello", "notes/new.txt", "new file");
        v2.put("big.bin", big);
        v2.put("new.bin", newBig);
        Path tree2 = Trees.tree(dir.resolve("tree2"), v2);
        Path delta = bundle("delta", tree2, new ImportOptions(), target.current());

        BundleManifest m = manifestOf(delta);
        assertNotNull(m.base(), "a delta names its base");
        assertEquals(target.current().number(), m.base().generation());
        assertEquals(Inventory.of(target.current()), m.base().inventory());
        Digest bigDigest = target.current().file(CatalogPath.of("big.bin")).orElseThrow().digest();
        assertFalse(m.blobs().stream().anyMatch(b -> b.digest().equals(bigDigest)), "the base's blob is not carried: " + m.blobs());
        assertEquals(2, m.blobs().size(), "only new.bin and notes/new.txt: " + m.blobs());
        assertEquals(4, m.files().size(), "the manifest still lists every file");
        assertTrue(Files.size(delta) < newBig.length + 100_000, "delta is " + Files.size(delta) + " bytes");
        assertTrue(Files.size(delta) < big.length, "the base's 2 MB blob is not inside the delta");

        importInto(target, delta);
        assertEquals(2, target.current().number());
        assertArrayEquals(big, served(target, "big.bin"));
        assertArrayEquals(utf8("hello"), served(target, "hello.txt"));
        assertArrayEquals(newBig, served(target, "new.bin"));
        assertArrayEquals(utf8("new file"), served(target, "notes/new.txt"));
        assertTrue(new StoreVerifier(target).verify(n -> { }).clean(), "store verifies after the delta");
    }

    @Test
    void aDeltaIsRefusedByAStoreWhoseCatalogIsNotItsBase() throws Exception {
        Store target = storeWithHelloAndBig();
        Path delta = bundle("delta", Trees.tree(dir.resolve("tree2"), Trees.files("x.txt", "x")), new ImportOptions(), target.current());

        Store empty = Store.create(dir.resolve("empty"));
        assertThrows(RejectedException.class, () -> importInto(empty, delta));
        assertEquals(0, empty.current().files().size());
    }

    @Test
    void replaceUnpublishesWhatThePrefixNoLongerHoldsAndLeavesOtherPathsAlone() throws Exception {
        Store target = Store.create(dir.resolve("target"));
        Path before = Trees.tree(dir.resolve("before"), Trees.files("keep.txt", "v1 keep", "gone.txt", "v1 gone", "sub/old.txt", "old"));
        importInto(target, bundle("first", before, new ImportOptions().prefix("rules"), null));
        Path outside = Trees.tree(dir.resolve("outside"), Trees.files("other.txt", "outside", "rulesets/x.txt", "sibling"));
        importInto(target, bundle("second", outside, new ImportOptions(), null));
        assertTrue(target.current().file(CatalogPath.of("rules/gone.txt")).isPresent());

        Path after = Trees.tree(dir.resolve("after"), Trees.files("keep.txt", "v2 keep", "added.txt", "added"));
        Path replacing = bundle("third", after, new ImportOptions().prefix("rules").replace(true), null);
        BundleManifest m = manifestOf(replacing);
        assertEquals(List.of("rules"), m.replace());
        assertEquals(List.of("rules/added.txt", "rules/keep.txt"), List.copyOf(m.files().keySet()));

        importInto(target, replacing);
        Generation g = target.current();
        assertArrayEquals(utf8("v2 keep"), served(target, "rules/keep.txt"));
        assertArrayEquals(utf8("added"), served(target, "rules/added.txt"));
        assertFalse(g.file(CatalogPath.of("rules/gone.txt")).isPresent(), "rules/gone.txt still published");
        assertFalse(g.file(CatalogPath.of("rules/sub/old.txt")).isPresent(), "rules/sub/old.txt still published");
        assertArrayEquals(utf8("outside"), served(target, "other.txt"));
        assertArrayEquals(utf8("sibling"), served(target, "rulesets/x.txt"), "a path merely starting with the prefix is not under it");
        assertEquals(4, g.files().size(), "files: " + g.files().keySet());
    }

    private static BundleManifest manifestOf(Path bundle) throws Exception {
        try (BundleReader reader = BundleReader.open(Files.newInputStream(bundle))) {
            return BundleManifest.parse(reader.readHeader().manifest());
        }
    }
}
