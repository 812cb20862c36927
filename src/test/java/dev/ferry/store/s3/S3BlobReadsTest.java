package dev.ferry.store.s3;

import dev.ferry.core.Digest;
import dev.ferry.store.BlobHandle;
import dev.ferry.store.BlobStaging;
import dev.ferry.store.BlobStore;
import dev.ferry.testing.RecordingGateway;
import dev.ferry.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What reading a blob costs in requests to the bucket, counted by a gateway in front of it: a
 * whole read is one GET (no HEAD before it) and consecutive reads share one connection.
 */
class S3BlobReadsTest {
    private static final int SIZE = 700_000; // several chunks of a streamed response

    static final S3ProxyServer s3 = S3ProxyServer.sharedUnsigned(); // the gateway changes the Host header a signature covers
    static RecordingGateway gateway;

    @TempDir
    Path tmp;

    BlobStore blobs;
    byte[] content;
    Digest digest;

    @BeforeAll
    static void startServer() throws Exception {
        gateway = new RecordingGateway(s3.endpoint());
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (gateway != null) gateway.close();
    }

    @BeforeEach
    void publish() throws IOException {
        String bucket = s3.createBucket();
        BucketSettings direct = s3.settings(bucket, "", Duration.ofHours(1));
        BlobStore writer = S3Stores.open(tmp.resolve("writer"), direct, true, Clock.systemUTC()).blobs();
        content = new byte[SIZE];
        new Random(3).nextBytes(content);
        try (BlobStaging staging = writer.staging("t")) {
            digest = staging.write(new ByteArrayInputStream(content), content.length).digest();
            staging.publish();
        }
        BucketSettings viaGateway = direct.withEndpoint(gateway.endpoint());
        blobs = new S3BlobStore(S3Bucket.connect(viaGateway), tmp.resolve("reader"), Clock.systemUTC());
        gateway.take();
    }

    private static byte[] readAll(BlobHandle handle, long offset, long length) throws IOException {
        try (InputStream in = handle.read(offset, length)) {
            return in.readNBytes((int) length);
        }
    }

    @Test
    void aWholeReadIsOneGetAndTheNextReadsReuseItsConnection() throws IOException {
        for (int i = 0; i < 3; i++) {
            try (BlobHandle handle = blobs.openHandleForWholeRead(digest)) {
                assertEquals(SIZE, handle.size());
                assertArrayEquals(content, readAll(handle, 0, SIZE));
            }
        }
        List<RecordingGateway.Request> requests = gateway.take();
        assertEquals(List.of("GET", "GET", "GET"), requests.stream().map(RecordingGateway.Request::method).toList(), requests.toString());
        Set<Integer> connections = requests.stream().map(RecordingGateway.Request::clientPort).collect(Collectors.toSet());
        assertEquals(1, connections.size(), "one connection for all three: " + requests);
    }

    @Test
    void aHandleOpenedForAWholeReadServesRangesToo() throws IOException {
        try (BlobHandle handle = blobs.openHandleForWholeRead(digest)) {
            assertArrayEquals(Arrays.copyOfRange(content, 1000, 1100), readAll(handle, 1000, 100));
            assertArrayEquals(content, readAll(handle, 0, SIZE));
            assertArrayEquals(content, readAll(handle, 0, SIZE), "the opening GET's body is read once; a second whole read is a GET of its own");
        }
        assertEquals(3, gateway.take().size(), "the opening GET, the range, the second whole read");
    }

    @Test
    void aBodyNobodyReadIsDroppedOnCloseAndReadsGoOn() throws IOException {
        blobs.openHandleForWholeRead(digest).close(); // an answer that sent no body: the rest of the object is not read to keep the connection
        try (BlobHandle handle = blobs.openHandleForWholeRead(digest)) {
            assertArrayEquals(content, readAll(handle, 0, SIZE));
        }
        assertEquals(2, gateway.take().size());
    }

    @Test
    void aMissingBlobIsNoSuchFile() {
        Digest absent = Digest.ofBytes(new byte[]{1, 2, 3});
        assertThrows(NoSuchFileException.class, () -> blobs.openHandleForWholeRead(absent));
        assertThrows(NoSuchFileException.class, () -> blobs.openHandle(absent));
    }

    @Test
    void openingForOtherReadsAsksForTheSizeOnly() throws IOException {
        try (BlobHandle handle = blobs.openHandle(digest)) {
            assertArrayEquals(Arrays.copyOfRange(content, SIZE - 10, SIZE), readAll(handle, SIZE - 10, 10));
        }
        assertEquals(List.of("HEAD", "GET"), gateway.take().stream().map(RecordingGateway.Request::method).toList());
    }
}
