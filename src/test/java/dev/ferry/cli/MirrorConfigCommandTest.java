package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ferry.testing.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MirrorConfigCommandTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String URL = "https://ferry.example.internal:8443";

    @TempDir
    Path tmp;

    /** The hosts.toml subset Ferry writes: {@code key = value} lines, grouped under {@code [table]} headers. */
    static Map<String, Map<String, String>> toml(String text) {
        Map<String, Map<String, String>> tables = new LinkedHashMap<>();
        String table = "";
        tables.put(table, new LinkedHashMap<>());
        for (String line : text.lines().map(String::trim).toList()) {
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (line.startsWith("[")) {
                table = line.substring(1, line.length() - 1);
                tables.put(table, new LinkedHashMap<>());
                continue;
            }
            int hash = line.indexOf("  #"); // a trailing comment (Ferry writes none inside strings)
            if (hash > 0) line = line.substring(0, hash);
            int eq = line.indexOf(" = ");
            assertTrue(eq > 0, "not a TOML key/value line: " + line);
            tables.get(table).put(line.substring(0, eq), line.substring(eq + 3));
        }
        return tables;
    }

    @Test
    void writesHostsTomlPerUpstreamWithTheCaBesideIt() throws IOException {
        Path ca = Files.writeString(tmp.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\n");
        Path out = tmp.resolve("out");
        CliRun r = CliRun.ferry("mirror", "config", "--url", URL, "--ca", ca.toString(), "--out", out.toString());
        assertEquals(0, r.exit(), r.both());
        for (String host : MirrorClientConfig.DEFAULT_UPSTREAMS) {
            Path dir = out.resolve("certs.d").resolve(host);
            Map<String, Map<String, String>> t = toml(Files.readString(dir.resolve("hosts.toml")));
            String server = host.equals("docker.io") ? "\"https://registry-1.docker.io\"" : "\"https://" + host + "\"";
            assertEquals(server, t.get("").get("server"));
            Map<String, String> mirror = t.get("host.\"" + URL + "\"");
            assertEquals("[\"pull\", \"resolve\"]", mirror.get("capabilities"));
            assertEquals("\"ferry-ca.crt\"", mirror.get("ca"));
            assertEquals(Files.readString(ca), Files.readString(dir.resolve("ferry-ca.crt")));
        }
        JsonNode kubespray = YAML.readTree(out.resolve("kubespray-containerd.yml").toFile()).get("containerd_registries_mirrors");
        assertEquals(5, kubespray.size());
        assertEquals("docker.io", kubespray.get(0).get("prefix").asText());
        assertEquals("https://registry-1.docker.io", kubespray.get(0).get("server").asText());
        JsonNode m = kubespray.get(0).get("mirrors").get(0);
        assertEquals(URL, m.get("host").asText());
        assertEquals("[\"pull\",\"resolve\"]", m.get("capabilities").toString());
        assertEquals("/etc/containerd/certs.d/docker.io/ferry-ca.crt", m.get("ca").get(0).asText());
        JsonNode trivy = YAML.readTree(out.resolve("trivy-operator-values.yaml").toFile()).at("/trivy/registry/mirror");
        assertEquals("ferry.example.internal:8443/docker.io", trivy.get("index.docker.io").asText());
        assertEquals("ferry.example.internal:8443/registry.k8s.io", trivy.get("registry.k8s.io").asText());
        assertEquals(5, trivy.size());
    }

    @Test
    void printsEverythingWithoutOut() {
        CliRun r = CliRun.ferry("mirror", "config", "--url", "http://127.0.0.1:5000/", "--upstreams", "docker.io,quay.io");
        assertEquals(0, r.exit(), r.both());
        assertTrue(r.out().contains("[host.\"http://127.0.0.1:5000\"]"), r.out());
        assertTrue(r.out().contains("server = \"https://quay.io\""), r.out());
        assertTrue(r.out().contains("containerd_registries_mirrors:"), r.out());
        assertTrue(r.out().contains("\"quay.io\": \"127.0.0.1:5000/quay.io\""), r.out());
        assertTrue(!r.out().contains("ca ="), "no CA given, none named");
    }

    @Test
    void refusesUrlsAndUpstreamsItCannotUse() {
        assertThrows(IllegalArgumentException.class, () -> new MirrorClientConfig(URI.create("ftp://x"), null, List.of("docker.io")));
        assertThrows(IllegalArgumentException.class,
                () -> new MirrorClientConfig(URI.create("https://x/registry"), null, List.of("docker.io")));
        assertThrows(IllegalArgumentException.class, () -> new MirrorClientConfig(URI.create("https://x"), null, List.of("library")));
        CliRun r = CliRun.ferry("mirror", "config", "--url", URL, "--upstreams", "not a host");
        assertNotEquals(0, r.exit());
        assertTrue(r.err().contains("not an upstream registry host"), r.both());
    }
}
