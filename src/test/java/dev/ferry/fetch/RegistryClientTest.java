package dev.ferry.fetch;

import com.sun.net.httpserver.HttpExchange;
import dev.ferry.core.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry client against scripted registries: Basic auth, token caching, and registries that lie. */
class RegistryClientTest {
    private static final String OCI = "application/vnd.oci.image.manifest.v1+json";
    private static final byte[] MANIFEST = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}"
            .getBytes(StandardCharsets.UTF_8);
    private static final Digest DIGEST = Digest.ofBytes(MANIFEST);

    @TempDir
    Path tmp;

    private HttpRegistryClient client(FakeUpstream up, Path authFile) throws IOException {
        HttpFetcher f = new HttpFetcher(FetchSettings.defaults(tmp.resolve("cache")).withRegistryAuthFile(authFile)
                .withAttempts(2).withBackoff(Duration.ofMillis(10), Duration.ofSeconds(1)), FetchProgress.NONE);
        return new HttpRegistryClient(f, "registry.test", up.url("/"));
    }

    private static OciReference ref(String tag) {
        return OciReference.parse("registry.test/team/app:" + tag);
    }

    private static void manifest(HttpExchange ex, String type, byte[] body, Digest header) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        if (header != null) ex.getResponseHeaders().set("Docker-Content-Digest", header.toString());
        boolean head = ex.getRequestMethod().equals("HEAD");
        if (head) ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
        ex.sendResponseHeaders(200, head ? -1 : body.length);
        if (!head) {
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        }
    }

    @Test
    void basicChallengeIsAnsweredWithTheLoginFromTheAuthFile() throws IOException {
        String basic = "Basic " + Base64.getEncoder().encodeToString("ci:pw".getBytes(StandardCharsets.UTF_8));
        Path auth = tmp.resolve("config.json");
        Files.writeString(auth, "{\"auths\":{\"https://registry.test\":{\"username\":\"ci\",\"password\":\"pw\"}}}");
        try (FakeUpstream up = new FakeUpstream((ex, n) -> {
            if (!basic.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"registry\"");
                ex.sendResponseHeaders(401, -1);
                return;
            }
            manifest(ex, OCI, MANIFEST, DIGEST);
        })) {
            HttpRegistryClient c = client(up, auth);
            ManifestRef m = c.resolve(ref("1"));
            assertEquals(new ManifestRef(DIGEST, OCI, MANIFEST.length), m);
            assertArrayEquals(MANIFEST, c.manifest(ref("1"), DIGEST));
            assertEquals(3, up.count(), "one 401, then every request authorised at once");
            assertTrue(up.requests.get(0).headers().getFirst("Accept").contains("application/vnd.oci.image.index.v1+json"));
        }
    }

    @Test
    void bearerTokensAreKeptPerScope() throws IOException {
        AtomicInteger tokens = new AtomicInteger();
        try (FakeUpstream up = new FakeUpstream((ex, n) -> {
            String path = ex.getRequestURI().getPath();
            if (path.equals("/token")) {
                tokens.incrementAndGet();
                byte[] t = ("{\"token\":\"t-" + ex.getRequestURI().getQuery().contains("team/app") + "\",\"expires_in\":300}").getBytes();
                ex.sendResponseHeaders(200, t.length);
                ex.getResponseBody().write(t);
                return;
            }
            if (!"Bearer t-true".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"http://127.0.0.1:" + ex.getLocalAddress().getPort()
                        + "/token\",service=\"registry.test\",scope=\"repository:team/app:pull\"");
                ex.sendResponseHeaders(401, -1);
                return;
            }
            manifest(ex, OCI, MANIFEST, DIGEST);
        })) {
            HttpRegistryClient c = client(up, null);
            c.resolve(ref("1"));
            c.resolve(ref("2"));
            c.manifest(ref("1"), DIGEST);
            assertEquals(1, tokens.get());
            assertTrue(up.requests.get(1).path().equals("/token"));
        }
    }

    @Test
    void registriesThatLieAreRefused() throws IOException {
        Digest other = Digest.ofBytes(new byte[]{1});
        String[] mode = {""};
        try (FakeUpstream up = new FakeUpstream((ex, n) -> {
            switch (mode[0]) {
                case "json" -> manifest(ex, "application/json", MANIFEST, DIGEST);
                case "lying digest" -> manifest(ex, OCI, MANIFEST, other);
                case "huge" -> {
                    ex.getResponseHeaders().set("Content-Type", OCI);
                    ex.sendResponseHeaders(200, 5 << 20);
                    ex.getResponseBody().write(new byte[5 << 20]);
                }
                default -> manifest(ex, OCI, "{\"tampered\":true}".getBytes(), DIGEST);
            }
        })) {
            HttpRegistryClient c = client(up, null);
            mode[0] = "json";
            assertTrue(assertThrows(FetchException.class, () -> c.manifest(ref("1"), DIGEST)).reason().contains("not a manifest media type"));
            mode[0] = "lying digest";
            assertTrue(assertThrows(FetchException.class, () -> c.resolve(OciReference.parse("registry.test/team/app@" + DIGEST)))
                    .reason().startsWith("sha256 mismatch"));
            mode[0] = "tampered";
            assertTrue(assertThrows(FetchException.class, () -> c.manifest(ref("1"), DIGEST)).reason().startsWith("sha256 mismatch"));
            mode[0] = "huge";
            assertTrue(assertThrows(FetchException.class, () -> c.manifest(ref("1"), DIGEST)).reason().contains("refused"));
        }
    }

    @Test
    void blobRedirectedToStorageElsewhereGetsNoRegistryToken() throws IOException {
        byte[] blob = "layer in a bucket".getBytes();
        Digest d = Digest.ofBytes(blob);
        AtomicInteger tokens = new AtomicInteger();
        try (FakeUpstream storage = new FakeUpstream((ex, n) -> FakeUpstream.serve(ex, blob, "\"s\""));
             FakeUpstream up = new FakeUpstream((ex, n) -> {
                 String path = ex.getRequestURI().getPath();
                 if (path.equals("/token")) {
                     byte[] t = ("{\"access_token\":\"tok" + tokens.incrementAndGet() + "\"}").getBytes();
                     ex.sendResponseHeaders(200, t.length);
                     ex.getResponseBody().write(t);
                 } else if (!"Bearer tok2".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                     // the first token is "revoked": a 401 on the blob must fetch a fresh one
                     ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"http://127.0.0.1:"
                             + ex.getLocalAddress().getPort() + "/token\",service=\"registry.test\"");
                     ex.sendResponseHeaders(401, -1);
                 } else {
                     ex.getResponseHeaders().set("Location", storage.url("/bucket/" + d.hex() + "?sig=x").toString());
                     ex.sendResponseHeaders(307, -1);
                 }
             })) {
            Fetched f = client(up, null).blob(ref("1"), d, blob.length);
            assertEquals(d, f.digest());
            assertEquals(2, tokens.get());
            assertEquals(1, storage.count());
            assertEquals(null, storage.requests.get(0).headers().getFirst("Authorization"));
        }
    }

    @Test
    void blobsComeFromTheCacheOrTheRegistryVerified() throws IOException {
        byte[] blob = "layer".getBytes();
        Digest d = Digest.ofBytes(blob);
        try (FakeUpstream up = new FakeUpstream((ex, n) -> {
            if (ex.getRequestURI().getPath().equals("/v2/")) {
                ex.sendResponseHeaders(200, -1);
                return;
            }
            FakeUpstream.serve(ex, blob, "\"b\"");
        })) {
            HttpRegistryClient c = client(up, null);
            assertThrows(FetchException.class, () -> c.blob(ref("1"), d, blob.length + 1));
            Fetched f = c.blob(ref("1"), d, blob.length);
            assertEquals(d, f.digest());
            assertTrue(c.blob(ref("1"), d, blob.length).fromCache());
            assertEquals("/v2/team/app/blobs/" + d, up.requests.get(up.count() - 1).path());
        }
    }
}
