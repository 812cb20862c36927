package dev.ferry.bundle;

import com.github.luben.zstd.ZstdInputStream;
import dev.ferry.importer.ImportOptions;
import dev.ferry.core.RejectedException;
import dev.ferry.store.Store;
import dev.ferry.testing.BundleFixture;
import dev.ferry.testing.Bytes;
import dev.ferry.testing.Trees;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * No single byte of a bundle can change unnoticed. For a plain tar bundle every position is
 * flipped and verification must refuse each one; for compressed bundles, a flip may only pass
 * when it changes no byte of the tar stream (gzip's MTIME or OS field, zstd's window size, slack
 * bits of entropy tables), which the test proves by decompressing.
 */
class ByteFlipTest {
    @TempDir
    Path dir;
    BundleFixture fx;
    byte[] tar;

    @BeforeEach
    void setUp() throws Exception {
        fx = new BundleFixture(dir);
        tar = fx.bundle(BundleFixture.spec().file("a.txt", "alpha").file("dir/b.bin", "bravo bravo bravo"));
        verify(tar); // the original is fine
    }

    private void verify(byte[] bundle) throws IOException {
        BundleVerifier.verify(BundleSource.of(new ByteArrayInputStream(bundle), "test"), BundleImportSettings.trusting(fx.trust).options(), null, n -> { });
    }

    @Test
    void everyByteOfAPlainBundleMatters() {
        everyByteMatters(tar);
    }

    @Test
    void everyByteOfABundleFerryWroteMatters() throws Exception {
        Path tree = Trees.tree(dir.resolve("tree"), Trees.files("a.txt", "alpha", "dir/b.bin", "bravo bravo bravo"));
        Path out = dir.resolve("written.tar");
        BundleCreator.create(List.of(dev.ferry.app.FerryFamilies.all().inputKinds().open(tree, null, new ImportOptions())),
                new BundleCreator.Options(out, BundleFormat.Compression.NONE, 3, 0, fx.signer, "main", null, "test", null),
                java.time.Instant.now(), n -> { });
        everyByteMatters(Files.readAllBytes(out));
    }

    private void everyByteMatters(byte[] tar) {
        for (int i = 0; i < tar.length; i++) {
            byte[] bad = tar.clone();
            bad[i] ^= (byte) (i % 2 == 0 ? 0x01 : 0x80); // lowest and highest bit, alternately
            int at = i;
            assertThrows(RejectedException.class, () -> verify(bad), () -> "flipping byte " + at + " was not noticed");
        }
    }

    @Test
    void everyByteOfACompressedBundleMattersOrChangesNothing() throws Exception {
        for (BundleFormat.Compression c : List.of(BundleFormat.Compression.ZSTD, BundleFormat.Compression.GZIP)) {
            byte[] packed = c == BundleFormat.Compression.ZSTD ? Bytes.zstd(tar) : Bytes.gzip(tar);
            verify(packed);
            List<Integer> harmless = new ArrayList<>();
            for (int i = 0; i < packed.length; i++) {
                byte[] bad = packed.clone();
                bad[i] ^= 0x01;
                try {
                    verify(bad);
                } catch (RejectedException refused) {
                    continue;
                }
                assertArrayEquals(tar, unpack(c, bad), c + ": flipping byte " + i + " was accepted and changed the tar stream");
                harmless.add(i);
            }
            // e.g. gzip MTIME/OS, zstd's window descriptor, slack bits in entropy tables: the tar stream is unchanged
            assertTrue(harmless.size() <= packed.length / 50, c + ": too many ignored positions: " + harmless);
        }
    }

    @Test
    void flipsAtEachKindOfPositionLeaveTheStoreUnchanged() throws Exception {
        Store store = Store.create(dir.resolve("store"));
        Map<String, byte[]> before = Trees.snapshot(store.root());
        int manifestByte = 600;
        int signatureByte = 512 * 2 + 512 + 40;
        int headerByte = 512 * 2 + 130;
        int blobByte = tar.length - 10240 + 200;
        byte[] zst = Bytes.zstd(tar);
        for (int[] flip : new int[][]{{manifestByte, 0}, {signatureByte, 0}, {headerByte, 0}, {blobByte, 0}, {zst.length / 2, 1}}) {
            byte[] bad = (flip[1] == 1 ? zst : tar).clone();
            bad[flip[0]] ^= 0x20;
            Path file = Files.write(dir.resolve("flip-" + flip[0]), bad);
            RejectedException e = assertThrows(RejectedException.class,
                    () -> new BundleImporter(store, BundleImportSettings.trusting(fx.trust).options()).importFile(file, n -> { }));
            assertTrue(!e.reason().isBlank(), e.getMessage());
            Map<String, byte[]> after = Trees.snapshot(store.root());
            assertEquals(before.keySet(), after.keySet(), "flip at " + flip[0] + " (" + e.getMessage() + ")");
        }
        assertEquals(0, store.current().number());
    }


    private static byte[] unpack(BundleFormat.Compression c, byte[] packed) throws IOException {
        try (InputStream in = c == BundleFormat.Compression.ZSTD ? new ZstdInputStream(new ByteArrayInputStream(packed))
                : GzipCompressorInputStream.builder().setInputStream(new ByteArrayInputStream(packed)).setDecompressConcatenated(true).get()) {
            return in.readAllBytes();
        } catch (IOException e) {
            fail("accepted a flip that does not even decompress: " + e);
            return Arrays.copyOf(packed, 0);
        }
    }
}
