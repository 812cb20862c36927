package dev.ferry.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.config.ConfigLoader;
import dev.ferry.config.FerryConfig;
import dev.ferry.core.Digest;
import dev.ferry.importer.ImportOptions;
import dev.ferry.importer.Importer;
import dev.ferry.importer.InputKinds;
import dev.ferry.store.CatalogPath;
import dev.ferry.store.Store;
import dev.ferry.store.StoreTransaction;
import dev.ferry.testing.OciLayouts;
import dev.ferry.testing.ServingCases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The same conditional, range and HEAD requests against a file, a registry blob, a registry
 * manifest and the Falco index get the same answers, each stated against what that route serves
 * (its bytes, ETag, and Last-Modified where it has one): one responder, one set of rules.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SameRulesOnEveryRouteTest {
    private static final String INDEX = """
            - name: falco-rules
              type: rulesfile
              registry: ghcr.io
              repository: falcosecurity/rules/falco-rules
              description: Falco rules that are loaded by default
              home: https://github.com/falcosecurity/rules
              keywords: [falco-rules]
              license: apache-2.0
              maintainers: [{email: cncf-falco-dev@lists.cncf.io, name: The Falco Authors}]
              sources: [https://github.com/falcosecurity/rules/blob/main/rules/falco_rules.yaml]
            """;

    FerryServer server;
    // HTTP/1.1 as the real clients speak: the JDK client misreads a large first response after an h2c upgrade
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final Map<String, URI> routes = new LinkedHashMap<>();
    final Map<String, ServingCases.Target> targets = new LinkedHashMap<>();

    @BeforeAll
    void serve(@TempDir Path tmp) throws Exception {
        Store store = Store.create(tmp.resolve("store"));
        byte[] layer = new byte[5000];
        new Random(7).nextBytes(layer);
        OciLayouts l = OciLayouts.create(tmp.resolve("layout"));
        ObjectNode config = l.blob("application/vnd.oci.image.config.v1+json", "{\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8));
        ObjectNode manifest = l.manifest(config, l.blob("application/vnd.oci.image.layer.v1.tar+gzip", layer));
        l.tag(manifest, "v1");
        new Importer(store).run(dev.ferry.app.FerryFamilies.all().inputKinds().open(l.write(), null, OciLayouts.options("team/app")), n -> { });
        Path index = Files.writeString(tmp.resolve("index.yaml"), INDEX);
        new Importer(store).run(dev.ferry.app.FerryFamilies.all().inputKinds().open(index, null, new ImportOptions().prefix("falcoctl")), n -> { });
        try (StoreTransaction tx = store.begin("a file with the layer's bytes")) {
            Digest d = tx.putBlob("layer.bin", new ByteArrayInputStream(layer), Digest.ofBytes(layer), layer.length);
            tx.putFile(CatalogPath.of("files/layer.bin"), d, layer.length, "application/octet-stream", "file", Map.of());
            tx.commit();
        }
        FerryConfig cfg = ConfigLoader.load(null, Map.of(), Map.of("server.host", "127.0.0.1", "server.port", "0",
                "server.maxRanges", "4"));
        server = dev.ferry.app.FerryApp.serve(cfg, store);
        String base = "http://127.0.0.1:" + server.port();
        routes.put("file", URI.create(base + "/files/layer.bin"));
        routes.put("registry blob", URI.create(base + "/v2/team/app/blobs/" + Digest.ofBytes(layer)));
        routes.put("registry manifest", URI.create(base + "/v2/team/app/manifests/" + manifest.get("digest").asText()));
        routes.put("falco index", URI.create(base + "/falcoctl/index.yaml"));
        for (Map.Entry<String, URI> route : routes.entrySet()) targets.put(route.getKey(), ServingCases.target(http, route.getValue()));
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
    }

    List<ServingCases.Case> cases() {
        return ServingCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyRouteAnswersByTheSameRules(ServingCases.Case c) throws Exception {
        for (Map.Entry<String, URI> route : routes.entrySet()) {
            ServingCases.Target t = targets.get(route.getKey());
            assertEquals(c.expected().apply(t), ServingCases.observe(http, route.getValue(), c, t), route.getKey() + ": " + c);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routeNames")
    void fileAndIndexCarryLastModifiedAndTheRegistryDoesNot(String route) {
        ServingCases.Target t = targets.get(route);
        if (route.startsWith("registry")) assertNull(t.lastModified(), route);
        else assertNotNull(t.lastModified(), route);
    }

    List<String> routeNames() {
        return List.of("file", "registry blob", "registry manifest", "falco index");
    }
}
