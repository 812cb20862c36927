package dev.ferry.http;

import dev.ferry.config.ConfigLoader;
import dev.ferry.importer.ChecksummedTreeInput;
import dev.ferry.importer.ImportOptions;
import dev.ferry.importer.Importer;
import dev.ferry.store.Store;
import dev.ferry.testing.Trees;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A running server follows generations another process publishes, says which one answered on
 * every response, and is ready only while it serves the generation the store points at.
 */
class FollowingTheStoreTest {
    @TempDir
    Path tmp;
    FerryServer server;
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> await(String path, Predicate<HttpResponse<String>> done) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        HttpResponse<String> r = get(path);
        while (!done.test(r) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            r = get(path);
        }
        return r;
    }

    private static String generationHeader(HttpResponse<String> r) {
        return r.headers().firstValue("Ferry-Generation").orElse("(none)");
    }

    private static void importTree(Store store, Path tree, String... files) throws Exception {
        Trees.tree(tree, Trees.files(files));
        new Importer(store).run(ChecksummedTreeInput.open(tree, new ImportOptions()), n -> { });
    }

    @Test
    void followsNewGenerationsAndIsReadyOnlyWhileServingTheCurrentOne() throws Exception {
        Path dir = tmp.resolve("store");
        Store store = Store.create(dir);
        importTree(store, tmp.resolve("t1"), "a.txt", "one");
        server = FerryServer.start(ConfigLoader.load(null, Map.of(), Map.of("server.host", "127.0.0.1", "server.port", "0",
                "store.reloadInterval", "100ms")), Store.open(dir));

        for (String path : new String[]{"/a.txt", "/readyz", "/healthz", "/metrics", "/v2/", "/no/such/file"}) {
            assertEquals("1", generationHeader(get(path)), "Ferry-Generation on " + path);
        }

        // another writer publishes generation 2: the server follows within the reload interval
        importTree(Store.open(dir), tmp.resolve("t2"), "a.txt", "two");
        HttpResponse<String> a = await("/a.txt", r -> r.body().equals("two"));
        assertEquals("two", a.body());
        assertEquals("2", generationHeader(a));
        assertEquals("ready: generation 2\n", get("/readyz").body());
        String metrics = get("/metrics").body();
        assertTrue(metrics.contains("\nferry_catalog_generation 2.0\n") && metrics.contains("\nferry_store_generation 2.0\n"), metrics);

        // the pointer names a generation this replica cannot load: it keeps serving 2 but leaves the Service
        Path broken = dir.resolve("generations").resolve(String.format("%010d.json", 3));
        Files.writeString(broken, "{\"format\":");
        Files.writeString(dir.resolve("current"), "3\n");
        HttpResponse<String> ready = await("/readyz", r -> r.statusCode() == 503);
        assertEquals(503, ready.statusCode());
        assertEquals("not ready: serving generation 2 but the store's current is 3, which is not loaded yet\n", ready.body());
        assertEquals("two", get("/a.txt").body());
        String lagging = get("/metrics").body();
        assertTrue(lagging.contains("\nferry_catalog_generation 2.0\n") && lagging.contains("\nferry_store_generation 3.0\n"), lagging);

        // the pointer names the served generation again: ready again
        Files.writeString(dir.resolve("current"), "2\n");
        assertEquals(200, await("/readyz", r -> r.statusCode() == 200).statusCode());
    }
}
