package dev.ferry.store.s3;

import dev.ferry.core.Digest;
import dev.ferry.store.BlobHandle;
import dev.ferry.store.BlobStaging;
import dev.ferry.store.BlobStore;
import dev.ferry.testing.S3ProxyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local cache of small blobs: hot blobs are served from local files, verified, bounded in bytes. */
class S3BlobCacheTest {
    private static final long CACHE = 64 << 10; // blobs up to 4 KiB are cached

    static final S3ProxyServer s3 = S3ProxyServer.shared();

    @TempDir
    Path tmp;


    private String bucket;

    private BlobStore blobs() throws IOException {
        bucket = s3.createBucket();
        BucketSettings base = s3.settings(bucket, "", Duration.ofHours(1));
        BucketSettings cached = base.withCacheBytes(CACHE);
        return S3Stores.open(tmp.resolve("state"), cached, true, Clock.systemUTC()).blobs();
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static Digest publish(BlobStore blobs, byte[] content) throws IOException {
        try (BlobStaging staging = blobs.staging("t-" + Digest.ofBytes(content).hex().substring(0, 12))) {
            Digest d = staging.write(new ByteArrayInputStream(content), content.length).digest();
            staging.publish();
            return d;
        }
    }

    private static byte[] readAll(BlobHandle h) throws IOException {
        try (h; InputStream in = h.read(0, h.size())) {
            return in.readAllBytes();
        }
    }

    private long cachedBytes() throws IOException {
        try (Stream<Path> files = Files.list(tmp.resolve("state/cache/sha256"))) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void aSmallBlobIsServedFromAVerifiedLocalCopy() throws IOException {
        BlobStore blobs = blobs();
        byte[] small = random(1000, 1);
        Digest d = publish(blobs, small);
        try (BlobHandle first = blobs.openHandle(d)) {
            assertTrue(first.channel().isPresent(), "served like a local file");
        }
        // the copy is what is served now: even with the object gone from the bucket, the bytes are the blob's
        s3.deleteObject(bucket, "blobs/sha256/" + d.hex());
        assertArrayEquals(small, readAll(blobs.openHandle(d)));
    }

    @Test
    void largeOrDamagedBlobsAreNotCached() throws IOException {
        BlobStore blobs = blobs();
        byte[] large = random(10_000, 2);
        Digest big = publish(blobs, large);
        try (BlobHandle h = blobs.openHandle(big)) {
            assertFalse(h.channel().isPresent());
            assertArrayEquals(large, readAll(blobs.openHandle(big)));
        }
        Digest damaged = publish(blobs, random(1000, 3));
        s3.putObject(bucket, "blobs/sha256/" + damaged.hex(), random(1000, 4));
        try (BlobHandle h = blobs.openHandle(damaged)) {
            assertFalse(h.channel().isPresent(), "a copy that does not hash to its name is not kept");
        }
        assertFalse(Files.exists(tmp.resolve("state/cache/sha256").resolve(damaged.hex())));
    }

    @Test
    void theCacheStaysWithinItsSize() throws IOException {
        BlobStore blobs = blobs();
        for (int i = 0; i < 40; i++) {
            byte[] content = random(4000, 100 + i);
            Digest d = publish(blobs, content);
            assertArrayEquals(content, readAll(blobs.openHandle(d)));
            assertTrue(cachedBytes() <= CACHE, "cache holds " + cachedBytes() + " bytes");
        }
        assertTrue(cachedBytes() > CACHE / 2, "it is used, too");
    }
}
