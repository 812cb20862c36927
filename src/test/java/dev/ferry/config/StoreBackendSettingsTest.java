package dev.ferry.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreBackendSettingsTest {
    @TempDir
    Path tmp;

    private FerryConfig load(String yaml, Map<String, String> env) throws IOException {
        Path file = tmp.resolve("ferry.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(file, env, Map.of());
    }

    private String refusal(String yaml) {
        return assertThrows(ConfigException.class, () -> load(yaml, Map.of())).getMessage();
    }

    @Test
    void theFileSystemIsTheDefault() {
        StoreSettings s = ConfigLoader.load(null, Map.of(), Map.of()).store();
        assertEquals("filesystem", s.backend());
        assertFalse(s.onS3());
        assertEquals("us-east-1", s.s3().region());
        assertTrue(s.s3().pathStyle());
        assertEquals(64L << 20, s.s3().multipartThresholdBytes());
        assertEquals(0, s.s3().cacheBytesValue());
        assertEquals(Duration.ofHours(1), s.s3().gcGrace());
    }

    @Test
    void anS3StoreFromTheFileAndTheEnvironment() throws IOException {
        StoreSettings s = load("""
                store:
                  path: /var/lib/ferry
                  backend: s3
                  s3:
                    endpoint: https://rgw.internal:7480
                    bucket: ferry-store
                    prefix: prod/
                    caFile: /etc/ferry/rgw-ca.pem
                    gcGrace: 30m
                """, Map.of("FERRY_STORE_S3_CACHE_BYTES", "512MiB", "FERRY_STORE_S3_PATH_STYLE", "false")).store();
        assertTrue(s.onS3());
        assertEquals("https://rgw.internal:7480", s.s3().endpoint());
        assertEquals("ferry-store", s.s3().bucket());
        assertEquals("prod/", s.s3().prefix());
        assertEquals(512L << 20, s.s3().cacheBytesValue());
        assertFalse(s.s3().pathStyle());
        assertEquals(Duration.ofMinutes(30), s.s3().gcGrace());
    }

    @Test
    void badCombinationsAreRefusedByName() {
        assertTrue(refusal("store: {backend: s3}").contains("store.backend is s3 but store.s3.bucket is not set"));
        assertTrue(refusal("store: {backend: gcs}").contains("store.backend 'gcs' is not one of filesystem, s3"));
        assertTrue(refusal("store: {s3: {bucket: ferry-store}}").contains("store.backend is filesystem"));
        assertTrue(refusal("store: {backend: s3, s3: {bucket: Ferry_Store}}").contains("is not a valid bucket name"));
        assertTrue(refusal("store: {backend: s3, s3: {bucket: ferry, endpoint: 'ftp://x'}}").contains("must be http(s)://host[:port]"));
        assertTrue(refusal("store: {backend: s3, s3: {bucket: ferry, endpoint: 'http://x:9000/ferry'}}").contains("must not have a path"));
        assertTrue(refusal("store: {backend: s3, s3: {bucket: ferry, prefix: prod}}").contains("store.s3.prefix 'prod' must be empty or like"));
        assertTrue(refusal("store: {backend: s3, s3: {bucket: ferry, prefix: \"a\\nb/\"}}").contains("must be empty or like"));
        assertTrue(refusal("store: {backend: s3, s3: {bucket: ferry, multipartThreshold: 1MiB}}").contains("at least 5MiB"));
        assertTrue(refusal("store: {backend: s3, s3: {bucket: ferry, endpoint: 'http://x:9000', caFile: /ca.pem}}")
                .contains("store.s3.caFile is set but store.s3.endpoint"));
        assertTrue(refusal("store: {backend: s3, s3: {bucket: ferry, cacheBytes: lots}}").contains("store.s3.cacheBytes"));
    }

    @Test
    void aMistypedS3VariableNamesTheSetting() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of("FERRY_STORE_S3_BUCKTE", "x"), Map.of()));
        assertTrue(e.getMessage().contains("FERRY_STORE_S3_BUCKET"), e.getMessage());
    }
}
