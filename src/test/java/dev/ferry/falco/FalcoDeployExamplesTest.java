package dev.ferry.falco;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ferry.config.ConfigLoader;
import dev.ferry.http.FerryServer;
import dev.ferry.importer.ImportOptions;
import dev.ferry.importer.Importer;
import dev.ferry.importer.InputKinds;
import dev.ferry.store.Store;
import dev.ferry.testing.OciLayouts;
import dev.ferry.testing.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * deploy/falco: every URL and reference in the Helm values and the ck8s snippet is one Ferry
 * answers. The content they name is imported, a server runs with the examples' public address,
 * and each driver repository (as falcoctl builds the URL), index, index reference and full
 * plugin reference is fetched from it.
 */
class FalcoDeployExamplesTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final String FERRY = "ferry.air-gapped.internal:8080";
    static final String DRIVER = "falco_ubuntu-generic_5.15.0-52-generic_58.ko";

    @TempDir
    Path tmp;

    @Test
    void everyUrlAndReferenceIsServed() throws Exception {
        JsonNode helm = YAML.readTree(Path.of("deploy/falco/helm-values.yaml").toFile());
        JsonNode ck8s = YAML.readTree(Path.of("deploy/falco/ck8s-common-config.yaml").toFile());

        List<URI> driverRepos = new ArrayList<>();
        helm.at("/driver/loader/initContainer/env").forEach(e -> {
            if (e.get("name").asText().equals("FALCOCTL_DRIVER_REPOS")) {
                for (String repo : e.get("value").asText().split("[,;]")) driverRepos.add(URI.create(repo.trim()));
            }
        });
        driverRepos.add(URI.create(ck8s.at("/falco/driver/module/repoURL").asText()));
        assertEquals("kmod", helm.at("/driver/kind").asText());
        assertEquals("kmod", ck8s.at("/falco/driver/kind").asText());

        List<URI> indexes = new ArrayList<>();
        for (JsonNode list : List.of(helm.at("/falcoctl/config/indexes"), ck8s.at("/falco/customIndexes"))) {
            assertEquals(1, list.size());
            list.forEach(i -> {
                assertTrue(i.isObject() && !i.path("name").asText().isEmpty(), "index entries are {name, url}: " + i);
                indexes.add(URI.create(i.get("url").asText()));
            });
        }
        assertTrue(ck8s.at("/falco/artifact/install/enabled").asBoolean());

        Set<String> refs = new LinkedHashSet<>();
        helm.at("/falcoctl/config/artifact/install/refs").forEach(r -> refs.add(r.asText()));
        helm.at("/falcoctl/config/artifact/follow/refs").forEach(r -> refs.add(r.asText()));
        List<String> types = new ArrayList<>();
        helm.at("/falcoctl/config/artifact/allowedTypes").forEach(t -> types.add(t.asText()));
        assertTrue(types.containsAll(List.of("rulesfile", "plugin")), types.toString());
        for (String section : List.of("install", "follow")) {
            List<String> args = new ArrayList<>();
            helm.at("/falcoctl/artifact/" + section + "/args").forEach(a -> args.add(a.asText()));
            assertTrue(args.contains("--plain-http"), "falcoctl " + section + " pulls from Ferry's HTTP port: " + args);
        }
        List<String> pluginRefs = List.of(helm.at("/collectors/containerEngine/pluginRef").asText(),
                helm.at("/collectors/kubernetes/pluginRef").asText());

        List<Integer> ports = new ArrayList<>();
        ck8s.at("/networkPolicies/falco/plugins/ports").forEach(p -> ports.add(p.asInt()));
        ck8s.at("/networkPolicies/falco/plugins/ips").forEach(ip -> assertTrue(ip.asText().matches("\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+"), ip.asText()));
        assertTrue(ports.contains(8443), "falcoctl in ck8s pulls over HTTPS: " + ports);
        List<URI> all = new ArrayList<>(driverRepos);
        all.addAll(indexes);
        for (URI u : all) {
            assertEquals("http", u.getScheme(), u + ": falcoctl needs the scheme");
            assertEquals(FERRY, u.getAuthority(), u.toString());
            assertTrue(ports.contains(u.getPort()), u + " not in networkPolicies.falco.plugins.ports " + ports);
        }

        // what the examples name, imported: a driver, the index, the artifacts
        Store store = Store.create(tmp.resolve("store"));
        Importer importer = new Importer(store);
        importer.run(dev.ferry.app.FerryFamilies.all().inputKinds().open(Trees.tree(tmp.resolve("drivers"), Trees.files("driver/7.0.0+driver/x86_64/" + DRIVER, "ko")),
                null, new ImportOptions()), n -> { });
        Map<String, String> tagsByRepository = new LinkedHashMap<>(); // repository → tag
        StringBuilder index = new StringBuilder();
        for (String ref : refs) {
            String name = ref.substring(0, ref.indexOf(':'));
            String repository = "falcosecurity/rules/" + name;
            tagsByRepository.put(repository, ref.substring(ref.indexOf(':') + 1));
            index.append(entry(name, "rulesfile", repository));
        }
        for (String ref : pluginRefs) {
            String repository = ref.substring(ref.indexOf('/') + 1, ref.lastIndexOf(':'));
            tagsByRepository.put(repository, ref.substring(ref.lastIndexOf(':') + 1));
            index.append(entry(repository.substring(repository.lastIndexOf('/') + 1), "plugin", repository));
        }
        importer.run(dev.ferry.app.FerryFamilies.all().inputKinds().open(layout(tagsByRepository), null, new ImportOptions()), n -> { });
        String indexPath = indexes.get(0).getPath();
        Path indexFile = Files.writeString(tmp.resolve(indexPath.substring(indexPath.lastIndexOf('/') + 1)), index);
        importer.run(dev.ferry.app.FerryFamilies.all().inputKinds().open(indexFile, null, new ImportOptions().prefix(indexPath.substring(0, indexPath.lastIndexOf('/')))), n -> { });

        var config = ConfigLoader.load(null, Map.of(), Map.of("server.host", "127.0.0.1", "server.port", "0",
                "server.publicUrl", "http://" + FERRY));
        HttpClient http = HttpClient.newHttpClient();
        try (FerryServer server = dev.ferry.app.FerryApp.serve(config, store)) {
            String local = "http://127.0.0.1:" + server.port();
            for (URI repo : driverRepos) {
                String path = repo.getRawPath() + "/7.0.0%2Bdriver/x86_64/" + DRIVER; // distro.go toURL
                assertEquals(200, get(http, local + path).statusCode(), repo + " → " + path);
            }
            for (URI u : indexes) {
                HttpResponse<byte[]> r = get(http, local + u.getRawPath());
                assertEquals(200, r.statusCode(), u.toString());
                Map<String, JsonNode> entries = new LinkedHashMap<>();
                YAML.readTree(r.body()).forEach(e -> entries.put(e.get("name").asText(), e));
                for (String ref : refs) {
                    JsonNode e = entries.get(ref.substring(0, ref.indexOf(':')));
                    assertEquals(FERRY, e.get("registry").asText(), ref + " resolves through the index to Ferry");
                    String manifest = "/v2/" + e.get("repository").asText() + "/manifests/" + ref.substring(ref.indexOf(':') + 1);
                    assertEquals(200, get(http, local + manifest).statusCode(), ref + " → " + manifest);
                }
            }
            for (String ref : pluginRefs) {
                assertEquals(FERRY, ref.substring(0, ref.indexOf('/')), ref);
                String manifest = "/v2/" + ref.substring(ref.indexOf('/') + 1, ref.lastIndexOf(':')) + "/manifests/" + ref.substring(ref.lastIndexOf(':') + 1);
                assertEquals(200, get(http, local + manifest).statusCode(), ref + " → " + manifest);
            }
        }
    }

    private static String entry(String name, String type, String repository) {
        return "- name: " + name + "\n  type: " + type + "\n  registry: ghcr.io\n  repository: " + repository + "\n";
    }

    private Path layout(Map<String, String> tagsByRepository) throws Exception {
        OciLayouts l = OciLayouts.create(tmp.resolve("layout"));
        for (Map.Entry<String, String> e : tagsByRepository.entrySet()) {
            String type = e.getKey().startsWith("falcosecurity/rules/") ? "rulesfile" : "plugin";
            ObjectNode config = l.json("application/vnd.cncf.falco." + type + ".config.v1+json",
                    (ObjectNode) OciLayouts.JSON.readTree("{\"name\":\"" + e.getKey() + "\",\"version\":\"1.0.0\"}"));
            ObjectNode layer = l.blob("application/vnd.cncf.falco." + type + ".layer.v1+tar.gz",
                    OciLayouts.tarBytes(Map.of("f", e.getKey().getBytes(StandardCharsets.UTF_8)), true));
            l.tag(l.manifest(config, layer), e.getKey() + ":" + e.getValue());
        }
        return l.write();
    }

    private static HttpResponse<byte[]> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
