package dev.ferry.falco;

import dev.ferry.importer.ImportOptions;
import dev.ferry.importer.Importer;
import dev.ferry.importer.InputKinds;
import dev.ferry.store.FileEntry;
import dev.ferry.core.RejectedException;
import dev.ferry.store.Store;
import dev.ferry.testing.Trees;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A checksummed tree with files under driver/: recognised without flags, parsed into metadata, published at both layouts. */
class DriverTreeImportTest {
    static final String UBUNTU = "driver/7.0.0+driver/x86_64/falco_ubuntu-gcp_5.15.0-1049-gcp_57~20.04.1.ko";
    static final String COS = "driver/7.0.0+driver/aarch64/falco_cos_5.10.68+_1.o";
    static final String LEGACY = "driver/2aa88dcf6243982697811df4c1b484bcbe9488a2/falco_amazonlinux2_4.14.262-200.489.amzn2.x86_64_1.ko";

    @TempDir
    Path tmp;
    Store store;
    Map<String, byte[]> storeBefore;

    @BeforeEach
    void store() throws IOException {
        store = Store.create(tmp.resolve("store"));
        run(Trees.tree(tmp.resolve("first"), Trees.files("keep.txt", "kept")), new ImportOptions());
        storeBefore = Trees.snapshot(store.root());
    }

    private void run(Path tree, ImportOptions options) throws IOException {
        new Importer(store).run(dev.ferry.app.FerryFamilies.all().inputKinds().open(tree, null, options), n -> { });
    }

    @Test
    void driversArePublishedAtBothLayoutsWithTheirMetadata() throws IOException {
        run(Trees.tree(tmp.resolve("in"), Trees.files(UBUNTU, "ubuntu module", COS, "cos probe", LEGACY, "legacy module",
                "README.txt", "not a driver")), new ImportOptions());
        Map<String, FileEntry> files = store.current().files();
        FileEntry ubuntu = files.get(UBUNTU);
        assertEquals("falco", ubuntu.family());
        assertEquals(Map.of("driverVersion", "7.0.0+driver", "arch", "x86_64", "kind", "kmod", "target", "ubuntu-gcp",
                "kernelRelease", "5.15.0-1049-gcp", "kernelVersion", "57~20.04.1"), ubuntu.metadata());
        assertTrue(ubuntu.sameContent(files.get(UBUNTU.substring("driver/".length()))), "root layout: the same entry");
        FileEntry cos = files.get("7.0.0+driver/aarch64/falco_cos_5.10.68+_1.o");
        assertEquals("ebpf", cos.metadata().get("kind"));
        assertEquals("aarch64", cos.metadata().get("arch"));
        FileEntry legacy = files.get(LEGACY.substring("driver/".length()));
        assertEquals("x86_64", legacy.metadata().get("arch"));
        assertEquals(legacy.digest(), files.get(LEGACY).digest());
        assertEquals("file", files.get("README.txt").family());
        assertEquals(1 + 3 * 2 + 1, files.size());
    }

    @Test
    void underAPrefixTheRootLayoutStaysUnderItToo() throws IOException {
        run(Trees.tree(tmp.resolve("in"), Trees.files(UBUNTU, "m")), new ImportOptions().prefix("mirror"));
        assertTrue(store.current().files().containsKey("mirror/" + UBUNTU));
        assertTrue(store.current().files().containsKey("mirror/" + UBUNTU.substring("driver/".length())));
    }

    @Test
    void replaceKeepsBothLayoutsOfWhatTheTreeStillHas() throws IOException {
        run(Trees.tree(tmp.resolve("a"), Trees.files(UBUNTU, "m", COS, "p")), new ImportOptions().prefix("d"));
        run(Trees.tree(tmp.resolve("b"), Trees.files(UBUNTU, "m")), new ImportOptions().prefix("d").replace(true));
        assertTrue(store.current().files().containsKey("d/" + UBUNTU.substring("driver/".length())));
        assertFalse(store.current().files().containsKey("d/" + COS.substring("driver/".length())));
    }

    @Test
    void unparsedNamesAreRefusedWithTheReason() throws IOException {
        assertRefused(Trees.files("driver/7.0.0+driver/x86_64/falco_ubuntu-generic_5.15.0-52-generic.ko", "x"),
                "driver/7.0.0+driver/x86_64/falco_ubuntu-generic_5.15.0-52-generic.ko", "no '_<kernelVersion>'");
        assertRefused(Trees.files("driver/7.0.0+driver/s390x/falco_rhel_5.14.0-284.el9.s390x_1.ko", "x"),
                "driver/7.0.0+driver/s390x/falco_rhel_5.14.0-284.el9.s390x_1.ko", "neither x86_64 nor aarch64");
        assertRefused(Trees.files("driver/latest/x86_64/falco_cos_5.10.68+_1.o", "x"),
                "driver/latest/x86_64/falco_cos_5.10.68+_1.o", "'latest' is not a driver version");
        assertRefused(Trees.files("driver/site/index.html", "<html>"), "driver/site/index.html", "'site' is not a driver version");
        assertRefused(Trees.files("driver/README", "x"), "driver/README", "not <driverVersion>/<arch>/<file>");
        assertRefused(Trees.files("driver/7.0.0+driver/x86_64/falco_amazonlinux2023_6.1.79-99.164.amzn2023.aarch64_1.ko", "x"),
                "driver/7.0.0+driver/x86_64/falco_amazonlinux2023_6.1.79-99.164.amzn2023.aarch64_1.ko", "is aarch64 but the file sits in the x86_64");
    }

    @Test
    void allowUnparsedPublishesThemAsTheyAre() throws IOException {
        String custom = "driver/7.0.0+driver/x86_64/sysdig_ubuntu-generic_5.15.0-52-generic_58.ko";
        run(Trees.tree(tmp.resolve("in"), Trees.files(custom, "x", "driver/site/index.html", "<html>")),
                new ImportOptions().with(FalcoImportSettings.class, new FalcoImportSettings(true)));
        FileEntry e = store.current().files().get(custom);
        assertEquals(Map.of("driverVersion", "7.0.0+driver", "arch", "x86_64"), e.metadata());
        assertTrue(store.current().files().containsKey(custom.substring("driver/".length())));
        assertEquals("falco", store.current().files().get("driver/site/index.html").family());
    }

    @Test
    void twoFilesForOnePathAreRefused() throws IOException {
        assertRefused(Trees.files(UBUNTU, "upstream layout", UBUNTU.substring("driver/".length()), "something else"),
                UBUNTU, "where 7.0.0+driver/x86_64/falco_ubuntu-gcp_5.15.0-1049-gcp_57~20.04.1.ko (different content)");
        run(Trees.tree(tmp.resolve("same"), Trees.files(UBUNTU, "same", UBUNTU.substring("driver/".length()), "same")), new ImportOptions());
        assertEquals(2 + 1, store.current().files().size());
    }

    private void assertRefused(Map<String, byte[]> files, String entry, String reasonPart) throws IOException {
        Path tree = Trees.tree(tmp.resolve("bad" + System.nanoTime()), files);
        RejectedException e = assertThrows(RejectedException.class, () -> run(tree, new ImportOptions()));
        assertEquals(entry, e.entry(), e.getMessage());
        assertTrue(e.reason().contains(reasonPart), e.getMessage());
        Map<String, byte[]> now = Trees.snapshot(store.root());
        assertEquals(storeBefore.keySet(), now.keySet());
        storeBefore.forEach((k, v) -> assertTrue(Arrays.equals(v, now.get(k)), k));
    }
}
