package dev.ferry.fetch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Proxy selection, Retry-After, auth file and challenge parsing, settings from the environment. */
class FetchPiecesTest {
    @Test
    void proxyFromEnvironmentIncludingLoopback() {
        EnvProxySelector s = new EnvProxySelector(Map.of("HTTPS_PROXY", "http://127.0.0.1:3128", "NO_PROXY", "internal.example, .corp,10.0.0.1:8443"));
        assertEquals("127.0.0.1:3128", proxyOf(s, "https://127.0.0.1:9443/x"));
        assertEquals("127.0.0.1:3128", proxyOf(s, "https://ghcr.io/v2/"));
        assertNull(proxyOf(s, "https://internal.example/x"));
        assertNull(proxyOf(s, "https://a.internal.example/x"));
        assertNull(proxyOf(s, "https://x.corp/x"));
        assertNull(proxyOf(s, "https://10.0.0.1:8443/x"));
        assertEquals("127.0.0.1:3128", proxyOf(s, "https://10.0.0.1/x"));
        assertNull(proxyOf(s, "http://plain.example/x"), "no HTTP_PROXY");
        assertNull(proxyOf(new EnvProxySelector(Map.of("https_proxy", "p:1", "no_proxy", "*")), "https://a/"));
        assertEquals("lower:1", proxyOf(new EnvProxySelector(Map.of("https_proxy", "lower:1", "HTTPS_PROXY", "upper:2")), "https://a/"));
    }

    @Test
    void proxyUrlsThatCannotWorkAreRefusedWithoutShowingThePassword() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new EnvProxySelector(Map.of("HTTPS_PROXY", "https://u:secret@proxy:3128")));
        assertTrue(e.getMessage().contains("https://***@proxy:3128") && !e.getMessage().contains("secret"), e.getMessage());
    }

    private static String proxyOf(EnvProxySelector s, String url) {
        Proxy p = s.select(URI.create(url)).get(0);
        if (p.type() == Proxy.Type.DIRECT) return null;
        java.net.InetSocketAddress a = (java.net.InetSocketAddress) p.address();
        return a.getHostString() + ":" + a.getPort();
    }

    @Test
    void retryAfterInSecondsOrAsADate() {
        Instant now = Instant.parse("2026-12-04T12:00:00Z");
        assertEquals(Duration.ofSeconds(7), Retries.retryAfter("7", now));
        assertEquals(Duration.ofSeconds(30), Retries.retryAfter("Fri, 04 Dec 2026 12:00:30 GMT", now));
        assertEquals(Duration.ZERO, Retries.retryAfter("Fri, 04 Dec 2026 11:00:00 GMT", now));
        assertNull(Retries.retryAfter("soon", now));
        FetchSettings s = FetchSettings.defaults(Path.of("c")).withBackoff(Duration.ofMillis(100), Duration.ofSeconds(2));
        for (int attempt = 1; attempt <= 10; attempt++) {
            assertTrue(Retries.delay(s, attempt, null).compareTo(Duration.ofSeconds(2)) <= 0);
        }
    }

    @Test
    void credentialsFromDockerConfig(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("config.json");
        String auth = Base64.getEncoder().encodeToString("alice:s3cret:x".getBytes());
        Files.writeString(f, "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + auth + "\"},"
                + "\"127.0.0.1:5000\":{\"username\":\"bob\",\"password\":\"pw\"}}}");
        RegistryCredentials c = RegistryCredentials.load(f);
        assertEquals(new RegistryCredentials.Login("alice", "s3cret:x"), c.forHost("docker.io").orElseThrow());
        assertEquals("bob", c.forHost("127.0.0.1:5000").orElseThrow().user());
        assertTrue(c.forHost("ghcr.io").isEmpty());
    }

    @Test
    void bearerAndBasicChallenges() {
        HttpRegistryClient.Challenge c = HttpRegistryClient.parseChallenge(
                "Bearer realm=\"https://ghcr.io/token\",service=\"ghcr.io\",scope=\"repository:a/b:pull\"");
        assertEquals("bearer", c.scheme());
        assertEquals("https://ghcr.io/token", c.params().get("realm"));
        assertEquals("repository:a/b:pull", c.params().get("scope"));
        assertEquals("basic", HttpRegistryClient.parseChallenge("Basic realm=\"Registry\"").scheme());
        assertNull(HttpRegistryClient.parseChallenge("Negotiate"));
    }

    @Test
    void settingsFromEnvironment(@TempDir Path home) throws IOException {
        FetchSettings s = FetchSettings.fromEnvironment(Map.of("HOME", home.toString(), "https_proxy", "p:1", "PATH", "/bin"), null, null);
        assertEquals(home.resolve(".cache/ferry"), s.cacheDir());
        assertEquals(Map.of("https_proxy", "p:1"), s.proxyEnv());
        assertNull(s.registryAuthFile());
        Files.createDirectories(home.resolve(".docker"));
        Files.writeString(home.resolve(".docker/config.json"), "{}");
        assertEquals(home.resolve(".docker/config.json"), FetchSettings.fromEnvironment(Map.of("HOME", home.toString()), null, null).registryAuthFile());
        FetchSettings x = FetchSettings.fromEnvironment(Map.of("HOME", home.toString(), "XDG_CACHE_HOME", "/x", "REGISTRY_AUTH_FILE", "/a.json"), null, null);
        assertEquals(Path.of("/x/ferry"), x.cacheDir());
        assertEquals(Path.of("/a.json"), x.registryAuthFile());
        assertEquals(4, x.concurrency());
        assertEquals(4, x.attempts());
    }
}
