package dev.ferry.store.s3;

import dev.ferry.store.Store;
import dev.ferry.testing.HeaderDroppingGateway;
import dev.ferry.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server that overwrites on {@code If-None-Match: *} (here: S3Proxy behind a gateway that drops
 * the header) fails the probe: nothing is written through it, but it can still be read.
 */
class WriteProbeTest {
    static final S3ProxyServer s3 = S3ProxyServer.sharedUnsigned();
    static HeaderDroppingGateway gateway;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServer() throws Exception {
        gateway = new HeaderDroppingGateway(s3.endpoint(), "If-None-Match");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (gateway != null) gateway.close();
    }

    @Test
    void aServerThatIgnoresConditionalWritesIsRefusedForWritingOnly() throws IOException {
        String bucket = s3.createBucket();
        BucketSettings direct = s3.settings(bucket, "", Duration.ofHours(1));
        Store good = S3Stores.open(tmp.resolve("direct"), direct, true, Clock.systemUTC());
        good.begin("probe passes").close();

        BucketSettings viaGateway = direct.withEndpoint(gateway.endpoint());
        Store store = S3Stores.open(tmp.resolve("gateway"), viaGateway, false, Clock.systemUTC());
        IOException refused = assertThrows(IOException.class, () -> store.begin("import"));
        assertTrue(refused.getMessage().contains("overwrote an existing object although the PUT said If-None-Match: *"), refused.getMessage());
        assertTrue(refused.getMessage().contains("serving from it still works"), refused.getMessage());
        assertEquals(0, store.current().number(), "reading still works");
        assertTrue(s3.keys(bucket, "probes/").isEmpty(), "the probe cleans up after itself");
    }
}
