package dev.ferry.opensearch;

import dev.ferry.config.ConfigLoader;
import dev.ferry.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenSearchSettingsTest {
    @TempDir
    Path tmp;

    @Test
    void fileEnvironmentAndExample() throws IOException {
        Path file = Files.writeString(tmp.resolve("f.yaml"),
                "opensearch:\n  trustedKeys: [/k/a.pgp, /k/b.asc]\n  trustBuiltInKey: false\n  clusterVersion: 2.19.4\n");
        OpenSearchSettings s = ConfigLoader.load(file, Map.of(), Map.of()).settings(OpenSearchSettings.class);
        assertEquals(List.of("/k/a.pgp", "/k/b.asc"), s.trustedKeys());
        assertFalse(s.trustBuiltInKey());
        assertEquals("2.19.4", s.clusterVersion());

        OpenSearchSettings env = ConfigLoader.load(null, Map.of("FERRY_OPENSEARCH_TRUSTED_KEYS", "/k/c.pgp",
                "FERRY_OPENSEARCH_REQUIRE_SIGNATURE", "true", "FERRY_OPENSEARCH_CLUSTER_VERSION", "3.1.0"), Map.of()).settings(OpenSearchSettings.class);
        assertEquals(List.of("/k/c.pgp"), env.trustedKeys());
        assertTrue(env.requireSignature());
        assertEquals("3.1.0", env.clusterVersion());

        OpenSearchSettings example = ConfigLoader.load(Path.of("deploy/ferry.yaml"), Map.of(), Map.of()).settings(OpenSearchSettings.class);
        assertEquals("2.19.4", example.clusterVersion());
        assertEquals(OpenSearchSettings.defaults(), ConfigLoader.load(null, Map.of(), Map.of()).settings(OpenSearchSettings.class));
    }

    @Test
    void aClusterVersionOpenSearchWouldNotParseIsRefused() throws IOException {
        Path file = Files.writeString(tmp.resolve("bad.yaml"), "opensearch:\n  clusterVersion: 2.19\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of(), Map.of()));
        assertTrue(e.getMessage().contains("opensearch.clusterVersion"), e.getMessage());
    }
}
