package dev.ferry.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {
    @TempDir
    Path tmp;

    @Test
    void defaultsWithoutAnything() {
        FerryConfig c = ConfigLoader.load(null, Map.of(), Map.of());
        assertEquals(FerryConfig.defaults(), c);
    }

    @Test
    void theShippedExampleLoads() {
        Path example = Path.of("deploy/ferry.yaml");
        assertTrue(Files.exists(example), "deploy/ferry.yaml is missing");
        FerryConfig c = ConfigLoader.load(example, Map.of(), Map.of());
        assertEquals("/var/lib/ferry", c.store().path());
        assertEquals(8080, c.server().port());
        ServerSettings d = ServerSettings.defaults(), s = c.server(); // publicUrl is an example there, not a default
        assertEquals(List.of(d.idleTimeout(), d.maxRequestLineLength(), d.maxHeaderSize(), d.http2(), d.maxRanges(), d.sendBufferSize()),
                List.of(s.idleTimeout(), s.maxRequestLineLength(), s.maxHeaderSize(), s.http2(), s.maxRanges(), s.sendBufferSize()),
                "deploy/ferry.yaml documents the server defaults");
    }

    @Test
    void fileThenEnvironmentThenFlags() throws IOException {
        Path file = tmp.resolve("ferry.yaml");
        Files.writeString(file, "store:\n  path: /from/file\n  keepGenerations: 7\nserver:\n  port: 9000\n  idleTimeout: 5m\n");
        FerryConfig fromFile = ConfigLoader.load(file, Map.of(), Map.of());
        assertEquals("/from/file", fromFile.store().path());
        assertEquals(7, fromFile.store().keepGenerations());
        assertEquals(Duration.ofMinutes(5), fromFile.server().idleTimeout());

        Map<String, String> env = Map.of("FERRY_STORE", "/from/env", "FERRY_SERVER_PORT", "9001",
                "FERRY_STORE_KEEP_GENERATIONS", "3", "FERRY_UNRELATED", "x", "PATH", "/bin");
        FerryConfig withEnv = ConfigLoader.load(file, env, Map.of());
        assertEquals("/from/env", withEnv.store().path());
        assertEquals(9001, withEnv.server().port());
        assertEquals(3, withEnv.store().keepGenerations());

        FerryConfig withFlags = ConfigLoader.load(file, env, Map.of("server.port", "9002"));
        assertEquals(9002, withFlags.server().port());
    }

    @Test
    void unknownKeysAreRejectedByName() throws IOException {
        Path file = tmp.resolve("typo.yaml");
        Files.writeString(file, "server:\n  prot: 9000\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of(), Map.of()));
        assertTrue(e.getMessage().contains("unknown setting 'server.prot'"), e.getMessage());
        assertTrue(e.getMessage().contains("port"), e.getMessage());

        Files.writeString(file, "sever:\n  port: 9000\n");
        e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of(), Map.of()));
        assertTrue(e.getMessage().contains("unknown setting 'sever'"), e.getMessage());
    }

    @Test
    void badValuesNameTheSetting() throws IOException {
        Path file = tmp.resolve("bad.yaml");
        Files.writeString(file, "server:\n  port: lots\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of(), Map.of()));
        assertTrue(e.getMessage().contains("server.port"), e.getMessage());

        Files.writeString(file, "server:\n  port: 70000\n");
        e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of(), Map.of()));
        assertTrue(e.getMessage().contains("server.port"), e.getMessage());

        Files.writeString(file, "store:\n  reloadInterval: soon\n");
        e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of(), Map.of()));
        assertTrue(e.getMessage().contains("store.reloadInterval"), e.getMessage());
    }

    @Test
    void aMistypedEnvironmentVariableNamesTheClosestSetting() {
        for (String[] typo : new String[][]{{"FERRY_SERVER_PROT", "FERRY_SERVER_PORT"}, {"FERRY_SEVER_PORT", "FERRY_SERVER_PORT"},
                {"FERRY_STORE_KEEP_GENERATION", "FERRY_STORE_KEEP_GENERATIONS"}, {"FERRY_SCRUB_INTERVALL", "FERRY_SCRUB_INTERVAL"},
                {"FERRY_OPENSEARCH_CLUSTERVERSION_X", "FERRY_OPENSEARCH_CLUSTER_VERSION"}}) {
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(null, Map.of(typo[0], "1"), Map.of()), typo[0]);
            assertTrue(e.getMessage().contains(typo[0] + " is not a setting; did you mean " + typo[1]), e.getMessage());
        }
    }

    @Test
    void otherToolsVariablesAreIgnored() {
        Map<String, String> env = Map.of("FERRY_PORT", "8080", "FERRY_BASE", "http://x", "FERRY_PIDS", "1 2", "FERRY_SKIP_BUILD", "1",
                "FERRY_DEMO_DIR", "/tmp/demo", "FERRY_UNRELATED", "x", "FERRY_JAR", "ferry.jar", "FERRY_DEBUG", "1",
                "FERRY_SIGN_KEY_PASSPHRASE", "secret", "FERRY_LOG_LEVEL", "DEBUG");
        assertEquals(FerryConfig.defaults().server().port(), ConfigLoader.load(null, env, Map.of()).server().port());
    }

    @Test
    void durationsAsPeopleWriteThem() {
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofDays(7), Durations.parse("7d"));
        assertEquals(Duration.ofSeconds(30), Durations.parse("PT30S"));
        assertEquals("36h", Durations.format(Duration.ofHours(36)));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("3 weeks"));
    }
}
