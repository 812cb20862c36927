package dev.ferry.store;

import dev.ferry.core.Digest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Staging many blobs must not hold a descriptor per blob until publish (100k tiny files hit the open-files limit). */
class StagingDescriptorsTest {
    private static final int WINDOW = 8;
    private static final int BLOBS = 40 * WINDOW;

    @TempDir
    Path tmp;

    @Test
    void openDescriptorsStayBoundedWhileStagingManyBlobs() throws IOException {
        Store store = Store.create(tmp.resolve("store"));
        FileSystemBlobStore blobs = (FileSystemBlobStore) store.blobs();
        int before = openDescriptors();
        int peak = before;
        try (BlobStaging staging = blobs.staging("descriptors", WINDOW)) {
            for (int i = 0; i < BLOBS; i++) {
                staging.write(new ByteArrayInputStream(("blob " + i).getBytes(StandardCharsets.UTF_8)), 64);
                peak = Math.max(peak, openDescriptors());
            }
            assertEquals(BLOBS, staging.pending().size());
            staging.publish();
        }
        // the window, plus a few for the pool's threads and the directory listing that counts them
        assertTrue(peak - before <= WINDOW + 4, "open descriptors grew from " + before + " to " + peak
                + " while staging " + BLOBS + " blobs with a window of " + WINDOW);
        for (int i = 0; i < BLOBS; i++) {
            Digest d = Digest.ofBytes(("blob " + i).getBytes(StandardCharsets.UTF_8));
            assertTrue(store.blobs().contains(d), "blob " + i + " published");
        }
    }

    private static int openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return (int) fds.count();
        }
    }
}
