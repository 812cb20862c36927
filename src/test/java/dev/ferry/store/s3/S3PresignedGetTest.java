package dev.ferry.store.s3;

import dev.ferry.core.Digest;
import dev.ferry.store.BlobStaging;
import dev.ferry.store.BlobStore;
import dev.ferry.store.RemoteReads;
import dev.ferry.testing.S3ProxyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Presigned GETs against S3Proxy with authentication on: whole and ranged reads with one URL, nothing without the signature. */
class S3PresignedGetTest {
    static final S3ProxyServer s3 = S3ProxyServer.shared(); // signatures checked

    @TempDir
    Path tmp;

    private static HttpResponse<byte[]> get(URI url, String range) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).GET();
        if (range != null) request.header("Range", range);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Digest publish(BlobStore blobs, byte[] content) throws IOException {
        try (BlobStaging staging = blobs.staging("t")) {
            Digest d = staging.write(new ByteArrayInputStream(content), content.length).digest();
            staging.publish();
            return d;
        }
    }

    @Test
    void oneUrlServesWholeAndRangedReadsAndTheSignatureIsChecked() throws Exception {
        BlobStore blobs = S3Stores.open(tmp.resolve("state"), s3.settings(s3.createBucket(), "p/", Duration.ofHours(1)), true,
                Clock.systemUTC()).blobs();
        byte[] content = new byte[300_000];
        new Random(5).nextBytes(content);
        Digest d = publish(blobs, content);
        RemoteReads reads = blobs.remoteReads().orElseThrow();
        URI url = reads.presignedGet(d).orElseThrow();
        assertTrue(url.getRawQuery().contains("X-Amz-Signature="), url.toString());
        assertTrue(url.getPath().endsWith("/p/blobs/sha256/" + d.hex()), url.toString());

        HttpResponse<byte[]> whole = get(url, null);
        assertEquals(200, whole.statusCode());
        assertArrayEquals(content, whole.body());
        HttpResponse<byte[]> range = get(url, "bytes=1000-1999");
        assertEquals(206, range.statusCode());
        assertEquals("bytes 1000-1999/" + content.length, range.headers().firstValue("Content-Range").orElse(null));
        assertArrayEquals(Arrays.copyOfRange(content, 1000, 2000), range.body());

        assertEquals(403, get(URI.create(url.toString().split("\\?")[0]), null).statusCode(), "unsigned GETs are refused: auth is on");
        String tampered = url.toString().replaceAll("X-Amz-Signature=([0-9a-f])", "X-Amz-Signature=" + (url.toString().contains("X-Amz-Signature=0") ? "1" : "0"));
        assertEquals(403, get(URI.create(tampered), null).statusCode());
        assertNull(reads.endpointTrust(), "no CA file: the JVM's CAs");
    }

    @Test
    void theUrlIsReusedForAWhileThenSignedAgain() throws Exception {
        Instant[] now = {Instant.parse("2026-01-01T00:00:00Z")};
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        BlobStore blobs = S3Stores.open(tmp.resolve("state"), s3.settings(s3.createBucket(), "", Duration.ofHours(1)), true, clock).blobs();
        Digest d = Digest.ofBytes(new byte[]{1});
        RemoteReads reads = blobs.remoteReads().orElseThrow();
        assertTrue(reads.recentGet(d).isEmpty());
        URI first = reads.presignedGet(d).orElseThrow();
        assertEquals(first, reads.presignedGet(d).orElseThrow(), "signing costs CPU: one URL per blob for a while");
        assertEquals(first, reads.recentGet(d).orElseThrow());
        now[0] = now[0].plus(S3BlobStore.PRESIGNED_REUSE).plusSeconds(1);
        assertTrue(reads.recentGet(d).isEmpty(), "past its reuse period");
        Thread.sleep(1100); // the SDK signs with its own clock: a later second makes a different URL
        assertNotEquals(first, reads.presignedGet(d).orElseThrow());
    }

    @Test
    void blobsTheLocalCacheTakesAreNotPresigned() throws IOException {
        BucketSettings s = s3.settings(s3.createBucket(), "", Duration.ofHours(1));
        BucketSettings cached = s.withCacheBytes(64 << 10);
        RemoteReads reads = S3Stores.open(tmp.resolve("state"), cached, true, Clock.systemUTC()).blobs().remoteReads().orElseThrow();
        assertFalse(reads.relays(4096), "small enough for the cache: read and kept locally");
        assertTrue(reads.relays(4097));
    }
}
