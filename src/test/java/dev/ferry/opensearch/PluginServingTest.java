package dev.ferry.opensearch;

import dev.ferry.config.ConfigLoader;
import dev.ferry.config.FerryConfig;
import dev.ferry.http.FerryServer;
import dev.ferry.importer.ImportOptions;
import dev.ferry.importer.Importer;
import dev.ferry.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Downloads as the OpenSearch installer does (URLConnection, its User-Agent, no redirect handling). */
class PluginServingTest {
    @TempDir
    Path tmp;
    FerryServer server;
    byte[] zipBytes;

    @BeforeEach
    void serve() throws IOException {
        Store store = Store.create(tmp.resolve("store"));
        Path dir = tmp.resolve("plugins");
        Path a = PluginZips.write(dir.resolve("repository-s3-2.19.4.zip"), PluginZips.plugin("repository-s3", "2.19.4", "2.19.4"));
        Path b = PluginZips.write(dir.resolve("legacy-2.18.0.zip"), PluginZips.plugin("legacy", "2.18.0", "2.18.0"));
        PluginZips.sha512(a);
        PluginZips.sha512(b);
        zipBytes = Files.readAllBytes(a);
        new Importer(store).run(PluginInput.open(dir, new ImportOptions()), n -> { });
        FerryConfig config = ConfigLoader.load(null, Map.of(), Map.of("server.host", "127.0.0.1", "server.port", "0",
                "opensearch.clusterVersion", "2.19.4"));
        server = dev.ferry.app.FerryApp.serve(config, store);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpURLConnection open(String path) throws IOException {
        URL url = new URL("http://127.0.0.1:" + server.port() + path);
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        c.addRequestProperty("User-Agent", "opensearch-plugin-installer");
        return c;
    }

    private byte[] get(String path) throws IOException {
        HttpURLConnection c = open(path);
        assertEquals(200, c.getResponseCode(), path);
        try (InputStream in = c.getInputStream()) {
            byte[] body = in.readAllBytes();
            assertEquals(body.length, c.getContentLengthLong(), path + " Content-Length");
            return body;
        }
    }

    @Test
    void bothLayoutsServeTheZipByteForByteWithItsSha512() throws IOException {
        for (String path : new String[]{"/repository-s3-2.19.4.zip", "/releases/plugins/repository-s3/2.19.4/repository-s3-2.19.4.zip"}) {
            assertArrayEquals(zipBytes, get(path), path);
            assertEquals("application/zip", open(path).getContentType());
            assertEquals(PluginZips.sha512Hex(zipBytes) + "  repository-s3-2.19.4.zip\n",
                    new String(get(path + ".sha512"), StandardCharsets.UTF_8));
            assertEquals(404, open(path + ".sig").getResponseCode(), "no .sig for an unsigned import");
        }
    }

    @Test
    void metricsShowEachPluginAndWhatTheClusterWouldRefuse() throws IOException {
        String metrics = new String(get("/metrics"), StandardCharsets.UTF_8);
        assertTrue(metrics.contains("ferry_opensearch_plugin_info{name=\"repository-s3\",opensearch_version=\"2.19.4\",version=\"2.19.4\"} 1"), metrics);
        assertTrue(metrics.contains("ferry_opensearch_plugin_info{name=\"legacy\",opensearch_version=\"2.18.0\",version=\"2.18.0\"} 1"), metrics);
        assertTrue(metrics.contains("ferry_opensearch_plugins_incompatible{cluster_version=\"2.19.4\"} 1"), metrics);
    }
}
