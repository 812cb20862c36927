package dev.ferry.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ferry.config.ConfigLoader;
import dev.ferry.config.FerryConfig;
import dev.ferry.http.FerryServer;
import dev.ferry.importer.ImportOptions;
import dev.ferry.importer.Importer;
import dev.ferry.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deploy/opensearch examples parse, use the http:// scheme, agree with the NetworkPolicy
 * port, and every URL is one Ferry serves: plugins with the names and versions the URLs carry
 * are imported and each URL's path is fetched from a running server.
 */
class DeployExamplesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern FILE = Pattern.compile("(.+)-(\\d[^/]*)\\.zip");

    @TempDir
    Path tmp;

    @Test
    void examplesPointAtPathsFerryServes() throws Exception {
        JsonNode helm = YAML.readTree(Path.of("deploy/opensearch/helm-values.yaml").toFile());
        JsonNode ck8s = YAML.readTree(Path.of("deploy/opensearch/sc-config.yaml").toFile());
        assertTrue(helm.at("/plugins/enabled").asBoolean(), "plugins.enabled");
        assertTrue(ck8s.at("/opensearch/snapshot/enabled").asBoolean(), "additionalPlugins needs opensearch.snapshot.enabled");
        assertFalse(ck8s.at("/opensearch/plugins/installExternalObjectStoragePlugin").asBoolean(true));
        List<URI> urls = new ArrayList<>();
        helm.at("/plugins/installList").forEach(n -> urls.add(URI.create(n.asText())));
        ck8s.at("/opensearch/plugins/additionalPlugins").forEach(n -> urls.add(URI.create(n.asText())));
        assertEquals(3, urls.size());

        JsonNode policy = ck8s.at("/networkPolicies/opensearch/plugins");
        List<Integer> ports = new ArrayList<>();
        policy.get("ports").forEach(p -> ports.add(p.asInt()));
        policy.get("ips").forEach(ip -> assertTrue(ip.asText().matches("\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+"), "ips entries are CIDRs: " + ip));

        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        for (URI url : urls) {
            assertEquals("http", url.getScheme(), url + " needs the http:// scheme");
            assertTrue(ports.contains(url.getPort()), url + ": port not in networkPolicies.opensearch.plugins.ports " + ports);
            String file = url.getPath().substring(url.getPath().lastIndexOf('/') + 1);
            Matcher m = FILE.matcher(file);
            assertTrue(m.matches(), file);
            Path zip = plugins.resolve(file);
            if (!Files.exists(zip)) PluginZips.sha512(PluginZips.write(zip, PluginZips.plugin(m.group(1), m.group(2), m.group(2))));
        }

        Store store = Store.create(tmp.resolve("store"));
        new Importer(store).run(PluginInput.open(plugins, new ImportOptions()), n -> { });
        FerryConfig config = ConfigLoader.load(null, Map.of(), Map.of("server.host", "127.0.0.1", "server.port", "0"));
        try (FerryServer server = dev.ferry.app.FerryApp.serve(config, store)) {
            for (URI url : urls) {
                HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + server.port() + url.getRawPath()).openConnection();
                c.addRequestProperty("User-Agent", "opensearch-plugin-installer");
                assertEquals(200, c.getResponseCode(), url.toString());
                assertEquals("application/zip", c.getContentType(), url.toString());
                c.getInputStream().close();
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
