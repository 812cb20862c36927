package dev.ferry.cli;

import dev.ferry.admin.TokenFile;
import dev.ferry.admin.TokenRecord;
import dev.ferry.admin.TokenScope;
import dev.ferry.config.ConfigLoader;
import dev.ferry.core.Digest;
import dev.ferry.http.FerryServer;
import dev.ferry.http.RawUploads;
import dev.ferry.store.Store;
import dev.ferry.store.s3.S3Stores;
import dev.ferry.testing.S3ProxyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The admin API's upload on a server whose store is a bucket: published there, served from there, seen by other replicas. */
class S3AdminUploadTest {
    static final S3ProxyServer s3 = S3ProxyServer.shared();

    @TempDir
    Path tmp;


    @Test
    void anUploadPublishesToTheBucket() throws Exception {
        String token = TokenFile.newToken();
        TokenFile.write(tmp.resolve("tokens.json"), List.of(new TokenRecord("importer", TokenFile.hashHex(token), Set.of(TokenScope.IMPORT),
                Instant.now())));
        Path tokenFile = Files.writeString(tmp.resolve("importer.token"), token + "\n");
        String bucket = s3.createBucket();
        Store store = S3Stores.open(tmp.resolve("replica-a"), s3.settings(bucket, "", Duration.ofHours(1)), true, Clock.systemUTC());
        var config = ConfigLoader.load(null, Map.of(), Map.of("server.host", "127.0.0.1", "server.port", "0",
                "admin.tokens", tmp.resolve("tokens.json").toString(), "admin.maxUpload", "64MiB"));
        byte[] upload = new byte[6 << 20]; // above the multipart threshold of the test settings
        new Random(3).nextBytes(upload);
        try (FerryServer server = dev.ferry.app.FerryApp.serve(config, store, new RawUploads(store, 0))) {
            URI url = URI.create("http://127.0.0.1:" + server.port());
            Map<String, Object> report = new RemoteImport(url, tokenFile, null).upload(Files.write(tmp.resolve("u.bin"), upload), n -> { });
            assertEquals(1, ((Number) report.get("generation")).intValue(), report.toString());
            assertArrayEquals(upload, s3.getObject(bucket, "blobs/sha256/" + Digest.ofBytes(upload).hex()));

            HttpResponse<byte[]> served;
            long deadline = System.nanoTime() + 10_000_000_000L; // the server follows the store within its reload interval
            do {
                served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url.resolve("/uploads/1.bin"))
                        .header("Range", "bytes=1000-").build(), HttpResponse.BodyHandlers.ofByteArray());
                if (served.statusCode() != 404) break;
                Thread.sleep(100);
            } while (System.nanoTime() < deadline);
            assertEquals(206, served.statusCode());
            assertArrayEquals(java.util.Arrays.copyOfRange(upload, 1000, upload.length), served.body());
        }
        Store otherReplica = S3Stores.open(tmp.resolve("replica-b"), s3.settings(bucket, "", Duration.ofHours(1)), false, Clock.systemUTC());
        assertEquals(Set.of("uploads/1.bin"), otherReplica.current().files().keySet());
    }
}
