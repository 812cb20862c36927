package dev.ferry.store.s3;

import dev.ferry.core.Digest;
import dev.ferry.store.BlobStaging;
import dev.ferry.store.Store;
import dev.ferry.testing.S3ProxyServer;
import dev.ferry.testing.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An https endpoint whose certificate comes from an in-house CA: trusted through store.s3.caFile, refused without. */
class S3TlsEndpointTest {
    @TempDir
    static Path serverDir;
    static S3ProxyServer s3;
    static TestPki pki;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServer() throws Exception {
        S3ProxyServer.useTestCredentials();
        pki = TestPki.create(serverDir.resolve("pki"));
        s3 = S3ProxyServer.startTls(serverDir, pki);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (s3 != null) s3.close();
    }

    private static BucketSettings withCa(BucketSettings s, Path caFile) {
        return s.withCaFile(caFile);
    }

    @Test
    void theCaFileIsTrustedForTheEndpoint() throws IOException {
        BucketSettings settings = withCa(s3.settings(s3.createBucket(), "", Duration.ofHours(1)), pki.caFile());
        Store store = S3Stores.open(tmp.resolve("state"), settings, true, Clock.systemUTC());
        byte[] content = "over https".getBytes(StandardCharsets.UTF_8);
        Digest d;
        try (BlobStaging staging = store.blobs().staging("tls")) {
            d = staging.write(new ByteArrayInputStream(content), content.length).digest();
            staging.publish();
        }
        try (InputStream in = store.blobs().open(d)) {
            assertArrayEquals(content, in.readAllBytes());
        }
    }

    @Test
    void withoutTheCaFileTheEndpointIsNotTrusted() {
        BucketSettings settings = s3.settings(s3.createBucket(), "", Duration.ofHours(1));
        IOException e = assertThrows(IOException.class, () -> S3Stores.open(tmp.resolve("state"), settings, true, Clock.systemUTC()));
        assertTrue(e.getMessage().contains("HEAD bucket s3://") && e.getMessage().contains("PKIX path building failed")
                && e.getMessage().contains("set store.s3.caFile"), e.getMessage());
    }
}
