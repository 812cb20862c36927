package dev.ferry.http;

import dev.ferry.testing.RawHttp;
import dev.ferry.testing.ServedStore;
import dev.ferry.testing.Trees;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checksum sidecars, directory listings and directory redirects over real HTTP. */
@ExtendWith(VertxExtension.class)
class SidecarsAndListingsServerTest {
    private static final String ZIP = "releases/plugins/repository-s3/2.19.4/repository-s3-2.19.4.zip";
    private static final String SHA512 = "0123456789abcdef".repeat(8);

    @TempDir
    Path tmp;
    ServedStore served;
    byte[] zip = "PK zip bytes".getBytes(StandardCharsets.UTF_8);

    @BeforeEach
    void start() throws Exception {
        served = ServedStore.start(tmp, Trees.files("top.txt", "top", "dir/sub/deep.txt", "deep", "dir/f.txt", "f",
                "real.bin", "real", "real.bin.sha256", "a real checksum file wins"), Map.of());
        served.publish(ZIP, zip, "application/zip", Map.of("sha512", SHA512));
        served.publish(ZIP + ".sig", "-----BEGIN PGP SIGNATURE-----\n".getBytes(StandardCharsets.UTF_8), "application/pgp-signature", Map.of());
    }

    @AfterEach
    void stop() {
        served.close();
    }

    private HttpResponse<Buffer> send(Vertx vertx, HttpMethod method, String uri, String... headers) throws Exception {
        HttpRequest<Buffer> req = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false))
                .request(method, served.port(), "127.0.0.1", uri);
        for (int i = 0; i < headers.length; i += 2) req.putHeader(headers[i], headers[i + 1]);
        return req.send().await(10, TimeUnit.SECONDS);
    }

    @Test
    void sha256AndSha512SidecarsInCoreutilsFormat(Vertx vertx) throws Exception {
        HttpResponse<Buffer> sha512 = send(vertx, HttpMethod.GET, "/" + ZIP + ".sha512");
        assertEquals(200, sha512.statusCode());
        assertEquals(SHA512 + "  repository-s3-2.19.4.zip\n", sha512.bodyAsString());
        assertEquals("text/plain; charset=utf-8", sha512.getHeader("Content-Type"));
        assertEquals(Integer.toString(sha512.bodyAsBuffer().length()), sha512.getHeader("Content-Length"));
        assertTrue(sha512.getHeader("ETag").startsWith("\"sha256:"));
        assertEquals(Long.toString(served.store().current().number()), sha512.getHeader("Ferry-Generation"));
        HttpResponse<Buffer> sha256 = send(vertx, HttpMethod.GET, "/" + ZIP + ".sha256");
        assertEquals(dev.ferry.core.Digest.ofBytes(zip).hex() + "  repository-s3-2.19.4.zip\n", sha256.bodyAsString());
        HttpResponse<Buffer> head = send(vertx, HttpMethod.HEAD, "/" + ZIP + ".sha512");
        assertEquals(sha512.getHeader("Content-Length"), head.getHeader("Content-Length"));
        assertNull(head.body());
        assertEquals(404, send(vertx, HttpMethod.GET, "/top.txt.sha512").statusCode(), "no sha512 known for top.txt");
        assertEquals(404, send(vertx, HttpMethod.GET, "/missing.txt.sha256").statusCode());
    }

    @Test
    void realCatalogFilesWinOverSidecarsAndSignaturesAreServedAsFiles(Vertx vertx) throws Exception {
        assertEquals("a real checksum file wins", send(vertx, HttpMethod.GET, "/real.bin.sha256").bodyAsString());
        HttpResponse<Buffer> sig = send(vertx, HttpMethod.GET, "/" + ZIP + ".sig");
        assertEquals("application/pgp-signature", sig.getHeader("Content-Type"));
        assertTrue(sig.bodyAsString().startsWith("-----BEGIN PGP SIGNATURE-----"));
    }

    @Test
    void directoriesListAsHtmlOrJson(Vertx vertx) throws Exception {
        HttpResponse<Buffer> html = send(vertx, HttpMethod.GET, "/dir/");
        assertEquals(200, html.statusCode());
        assertTrue(html.getHeader("Content-Type").startsWith("text/html"));
        assertEquals(Integer.toString(html.bodyAsBuffer().length()), html.getHeader("Content-Length"));
        String page = html.bodyAsString();
        assertTrue(page.contains("<a href=\"sub/\">sub/</a>") && page.contains("<a href=\"f.txt\">f.txt</a>"), page);
        assertFalse(page.contains("deep.txt"), "only immediate children");

        HttpResponse<Buffer> json = send(vertx, HttpMethod.GET, "/dir/", "Accept", "application/json");
        assertEquals("application/json", json.getHeader("Content-Type"));
        JsonObject listing = new JsonObject(json.bodyAsString());
        assertEquals("/dir/", listing.getString("path"));
        assertEquals(2, listing.getJsonArray("entries").size());
        assertEquals("Accept", json.getHeader("Vary"));

        HttpResponse<Buffer> root = send(vertx, HttpMethod.GET, "/", "Accept", "application/json");
        assertTrue(root.bodyAsString().contains("\"releases\""), root.bodyAsString());
        HttpResponse<Buffer> head = send(vertx, HttpMethod.HEAD, "/dir/");
        assertEquals(html.getHeader("Content-Length"), head.getHeader("Content-Length"));
        assertNull(head.body());
    }

    @Test
    void noListingOutsideTheCatalog(Vertx vertx) throws Exception {
        assertEquals(404, send(vertx, HttpMethod.GET, "/nothing/").statusCode());
        assertEquals(404, send(vertx, HttpMethod.GET, "/top.txt/").statusCode(), "a file is not a directory");
        assertEquals(404, send(vertx, HttpMethod.GET, "/di/").statusCode(), "a partial name is not a directory");
        assertEquals(404, RawHttp.get(served.port(), "/blobs/").status());
        assertEquals(400, RawHttp.get(served.port(), "/dir/../").status());
    }

    @Test
    void aDirectoryWithoutItsSlashRedirectsToIt(Vertx vertx) throws Exception {
        HttpResponse<Buffer> r = send(vertx, HttpMethod.GET, "/dir");
        assertEquals(301, r.statusCode());
        assertEquals("/dir/", r.getHeader("Location"));
        assertEquals(Integer.toString(r.bodyAsBuffer().length()), r.getHeader("Content-Length"));
        assertEquals("/releases/plugins/?x=1", send(vertx, HttpMethod.GET, "/releases/plugins?x=1").getHeader("Location"));
        assertEquals("/dir/sub/", send(vertx, HttpMethod.HEAD, "/dir//sub").getHeader("Location"));
    }

    @Test
    void redirectsNeverLeaveTheServer() throws Exception {
        served.importFiles(Trees.files("evil.com/x", "x"));
        RawHttp.Response r = RawHttp.get(served.port(), "//evil.com");
        assertEquals(301, r.status());
        assertEquals("/evil.com/", r.header("Location"), "a protocol-relative Location would send the client away");
    }
}
