package dev.ferry.store;

import dev.ferry.core.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link BlobStore} backend must do; one subclass per backend. */
public abstract class BlobStoreContract {
    @TempDir
    protected Path tmp;

    /** A new, empty store on the backend under test, its local state under {@code stateDir}. */
    protected abstract Store newStore(Path stateDir) throws IOException;

    protected static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static Digest publish(BlobStore blobs, String tx, byte[]... contents) throws IOException {
        Digest last = null;
        try (BlobStaging staging = blobs.staging(tx)) {
            for (byte[] c : contents) last = staging.write(new ByteArrayInputStream(c), c.length).digest();
            staging.publish();
        }
        return last;
    }

    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    void publishedBlobsAreStoredUnderTheirDigest() throws IOException {
        BlobStore blobs = newStore(tmp.resolve("state")).blobs();
        byte[] content = random(100_000, 1);
        Digest d = publish(blobs, "t1", content);
        assertEquals(Digest.ofBytes(content), d);
        assertEquals(Optional.of(100_000L), blobs.size(d));
        assertTrue(blobs.contains(d));
        assertArrayEquals(content, read(blobs.open(d)));
    }

    @Test
    void stagedBlobsStayInvisibleUntilPublishedAndGoneWhenAbandoned() throws IOException {
        BlobStore blobs = newStore(tmp.resolve("state")).blobs();
        byte[] content = random(5000, 2);
        Digest d;
        try (BlobStaging staging = blobs.staging("abandoned")) {
            d = staging.write(new ByteArrayInputStream(content), content.length).digest();
            assertEquals(Set.of(d), staging.pending());
            assertArrayEquals(content, read(staging.open(d).orElseThrow()));
            assertFalse(blobs.contains(d));
        }
        assertFalse(blobs.contains(d));
        assertThrows(NoSuchFileException.class, () -> read(blobs.open(d)));
    }

    @Test
    void aStreamLongerThanDeclaredIsNotStaged() throws IOException {
        BlobStore blobs = newStore(tmp.resolve("state")).blobs();
        try (BlobStaging staging = blobs.staging("long")) {
            BlobStaging.StagedBlob staged = staging.write(new ByteArrayInputStream(random(2000, 3)), 1000);
            assertEquals(1001, staged.size());
            assertTrue(staging.pending().isEmpty());
        }
    }

    @Test
    void handlesReadAnyRangeOfTheBlob() throws IOException {
        BlobStore blobs = newStore(tmp.resolve("state")).blobs();
        byte[] content = random(300_000, 4);
        Digest d = publish(blobs, "ranges", content);
        try (BlobHandle h = blobs.openHandle(d)) {
            assertEquals(d, h.digest());
            assertEquals(content.length, h.size());
            assertArrayEquals(content, read(h.read(0, content.length)));
            assertArrayEquals(Arrays.copyOfRange(content, 1234, 1234 + 70_000), read(h.read(1234, 70_000)));
            assertArrayEquals(Arrays.copyOfRange(content, content.length - 1, content.length), read(h.read(content.length - 1, 1)));
            assertEquals(0, read(h.read(10, 0)).length);
            // two streams over one handle at once (multipart ranges)
            try (InputStream a = h.read(0, 10); InputStream b = h.read(100, 10)) {
                assertArrayEquals(Arrays.copyOfRange(content, 100, 110), b.readAllBytes());
                assertArrayEquals(Arrays.copyOfRange(content, 0, 10), a.readAllBytes());
            }
            // a client that goes away: the stream closed early, and the next reads are whole and right
            for (int i = 0; i < 3; i++) {
                try (InputStream abandoned = h.read(0, content.length)) {
                    assertEquals(content[0], (byte) abandoned.read());
                }
            }
            assertArrayEquals(Arrays.copyOfRange(content, 5, 50_005), read(h.read(5, 50_000)));
            assertThrows(IOException.class, () -> h.read(content.length - 5, 10));
            assertThrows(IOException.class, () -> h.read(-1, 10));
        }
        assertThrows(NoSuchFileException.class, () -> blobs.openHandle(Digest.ofBytes(new byte[]{1})));
    }

    @Test
    void largeBlobsRoundTrip() throws IOException {
        BlobStore blobs = newStore(tmp.resolve("state")).blobs();
        byte[] content = random(20 << 20, 5); // above every backend's multipart threshold in these tests
        Digest d = publish(blobs, "large", content);
        assertEquals(Optional.of((long) content.length), blobs.size(d));
        try (BlobHandle h = blobs.openHandle(d)) {
            int from = (16 << 20) - 1000; // across a part boundary
            assertArrayEquals(Arrays.copyOfRange(content, from, from + 5000), read(h.read(from, 5000)));
        }
        assertEquals(d, Digest.ofBytes(read(blobs.open(d))));
    }

    @Test
    void deleteAndQuarantineRemoveTheBlobFromService() throws IOException {
        BlobStore blobs = newStore(tmp.resolve("state")).blobs();
        Digest a = publish(blobs, "a", random(1000, 6));
        Digest b = publish(blobs, "b", random(1000, 7));
        blobs.delete(a);
        blobs.sync();
        assertFalse(blobs.contains(a));
        assertThrows(NoSuchFileException.class, () -> blobs.openHandle(a));
        blobs.quarantine(b);
        assertFalse(blobs.contains(b));
        assertThrows(NoSuchFileException.class, () -> read(blobs.open(b)));
    }

    @Test
    void forEachVisitsEveryStoredBlob() throws IOException {
        BlobStore blobs = newStore(tmp.resolve("state")).blobs();
        Set<Digest> published = new HashSet<>();
        for (int i = 0; i < 5; i++) published.add(publish(blobs, "each-" + i, random(100 + i, 10 + i)));
        Set<Digest> seen = new HashSet<>();
        blobs.forEach(seen::add);
        assertEquals(published, seen);
        java.util.Map<Digest, Long> sized = new java.util.HashMap<>();
        blobs.forEachSized(sized::put);
        assertEquals(published, sized.keySet());
        for (Digest d : published) assertEquals(blobs.size(d).orElseThrow(), sized.get(d));
    }

    @Test
    void publishingStoredContentAgainKeepsOneBlob() throws IOException {
        BlobStore blobs = newStore(tmp.resolve("state")).blobs();
        byte[] content = random(4000, 20);
        Digest first = publish(blobs, "once", content);
        Digest second = publish(blobs, "twice", content);
        assertEquals(first, second);
        int[] count = {0};
        blobs.forEach(d -> count[0]++);
        assertEquals(1, count[0]);
        assertArrayEquals(content, read(blobs.open(first)));
    }
}
