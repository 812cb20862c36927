package dev.ferry.http;

import dev.ferry.config.ConfigLoader;
import dev.ferry.importer.ChecksummedTreeInput;
import dev.ferry.importer.ImportOptions;
import dev.ferry.importer.Importer;
import dev.ferry.store.Store;
import dev.ferry.testing.Trees;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CatalogEndpointTest {
    @TempDir
    Path tmp;
    FerryServer server;
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) b.headers(headers);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePageForBrowsersTheRootListingForJsonAndTheStatusApi() throws Exception {
        Store store = Store.create(tmp.resolve("store"));
        Path tree = Trees.tree(tmp.resolve("tree"), Trees.files("docs/a b.txt", "alpha", "top.txt", "top"));
        new Importer(store).run(dev.ferry.testing.Classified.tree(tree, new ImportOptions()), n -> { });
        server = dev.ferry.app.FerryApp.serve(ConfigLoader.load(null, Map.of(), Map.of("server.host", "127.0.0.1", "server.port", "0")), store);

        HttpResponse<String> page = send("GET", "/", "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("no-store", page.headers().firstValue("Cache-Control").orElseThrow());
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElseThrow().startsWith("default-src 'none'"));
        assertTrue(page.body().contains("<a href=\"/docs/\">docs/</a> · <a href=\"/top.txt\">top.txt</a>"), page.body());
        assertEquals(Integer.toString(page.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length),
                page.headers().firstValue("Content-Length").orElseThrow());
        HttpResponse<String> head = send("HEAD", "/");
        assertEquals(page.headers().firstValue("Content-Length"), head.headers().firstValue("Content-Length"));
        assertEquals("", head.body());

        JsonObject root = new JsonObject(send("GET", "/", "Accept", "application/json").body());
        assertEquals("/", root.getString("path"), "a program asking / for JSON gets the root listing");

        JsonObject status = new JsonObject(send("GET", CatalogEndpoint.STATUS_PATH).body());
        assertEquals(1, status.getJsonObject("generation").getInteger("number"));
        assertEquals(1, status.getJsonObject("imports").getJsonObject("attempts").getInteger("success"));
        JsonObject catalog = new JsonObject(send("GET", CatalogEndpoint.CATALOG_PATH + "?family=file").body());
        assertEquals(2, catalog.getJsonObject("families").getJsonArray("file").size());
        assertEquals(0, new JsonObject(send("GET", CatalogEndpoint.CATALOG_PATH + "?family=none").body())
                .getJsonObject("families").size());
    }
}
