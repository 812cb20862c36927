package dev.ferry.http;

import dev.ferry.store.DamagedBlobException;
import dev.ferry.core.Digest;
import dev.ferry.store.DamagedBlobException;
import dev.ferry.store.BlobHandle;
import dev.ferry.store.FileBlobHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmallBlobCacheTest {
    @TempDir
    Path tmp;

    /** A handle on {@code content} stored under {@code digest} (which it need not match). */
    private BlobHandle handle(Digest digest, byte[] content) throws IOException {
        Path f = Files.createTempFile(tmp, "blob", "");
        Files.write(f, content);
        return FileBlobHandle.open(digest, f);
    }

    @Test
    void keepsVerifiedSmallBlobs() throws Exception {
        SmallBlobCache cache = new SmallBlobCache(1 << 20);
        byte[] content = "index: []\n".getBytes();
        Digest d = Digest.ofBytes(content);
        try (BlobHandle h = handle(d, content)) {
            assertArrayEquals(content, cache.load(h, content.length).getBytes());
        }
        assertArrayEquals(content, cache.get(d).getBytes());
        assertSame(cache.get(d), cache.get(d));
        cache.clear();
        assertNull(cache.get(d));
    }

    @Test
    void neverKeepsNorServesBytesThatDoNotMatchTheirDigest() throws Exception {
        SmallBlobCache cache = new SmallBlobCache(1 << 20);
        Digest expected = Digest.ofBytes("good".getBytes());
        try (BlobHandle h = handle(expected, "bad!".getBytes())) {
            DamagedBlobException e = org.junit.jupiter.api.Assertions.assertThrows(DamagedBlobException.class, () -> cache.load(h, 4));
            assertTrue(e.getMessage().contains("damaged"), e.getMessage());
        }
        assertNull(cache.get(expected));
    }

    @Test
    void leavesBigBlobsToSendfileAndRespectsTheTotal() throws Exception {
        SmallBlobCache cache = new SmallBlobCache(100_000);
        byte[] big = new byte[SmallBlobCache.MAX_ENTRY_BYTES + 1];
        try (BlobHandle h = handle(Digest.ofBytes(big), big)) {
            assertNull(cache.load(h, big.length));
        }
        byte[] a = new byte[60_000];
        byte[] b = new byte[60_000];
        b[0] = 1;
        try (BlobHandle ha = handle(Digest.ofBytes(a), a); BlobHandle hb = handle(Digest.ofBytes(b), b)) {
            assertNotNull(cache.load(ha, a.length));
            assertNotNull(cache.load(hb, b.length), "still served, just not kept");
        }
        assertNotNull(cache.get(Digest.ofBytes(a)));
        assertNull(cache.get(Digest.ofBytes(b)), "over the total");
    }
}
