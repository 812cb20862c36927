package dev.ferry.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.ferry.config.ConfigLoader;
import dev.ferry.config.FerryConfig;
import dev.ferry.http.FerryServer;
import dev.ferry.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Renders deploy/kubernetes (base, the ck8s overlay and the highly available one) with `kubectl kustomize` and checks the
 * result fits together and fits Ferry: selectors match, probes hit routes a real server answers,
 * ports and paths agree with the configuration the ConfigMap carries, the pod is locked down,
 * the alert rules pass promtool.
 */
class KubernetesManifestsTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    @TempDir
    Path tmp;

    static List<JsonNode> render(String dir) throws Exception {
        String out = Commands.ok(List.of("kubectl", "kustomize", dir));
        List<JsonNode> docs = new ArrayList<>();
        try (var it = YAML.readerFor(JsonNode.class).readValues(out)) {
            while (it.hasNext()) {
                JsonNode d = (JsonNode) it.next();
                if (d != null && !d.isNull() && !d.isEmpty()) docs.add(d);
            }
        }
        return docs;
    }

    static JsonNode one(List<JsonNode> docs, String kind) {
        List<JsonNode> found = docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
        assertEquals(1, found.size(), "exactly one " + kind);
        return found.get(0);
    }

    /** Every label the selector asks for is on {@code labels}. */
    static boolean selects(JsonNode matchLabels, JsonNode labels) {
        Iterator<Map.Entry<String, JsonNode>> it = matchLabels.fields();
        if (!it.hasNext()) return false;
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) return false;
        }
        return true;
    }

    @Test
    void baseRendersAndFitsTogether() throws Exception {
        check(render("deploy/kubernetes"), "registry.example.internal/ferry/ferry:0.1.0");
    }

    @Test
    void ck8sOverlayRendersAndFitsTogether() throws Exception {
        List<JsonNode> docs = render("deploy/kubernetes/overlays/ck8s-service-cluster");
        check(docs, "harbor.example.internal/ferry/ferry:0.1.0");
        assertEquals("kube-prometheus-stack", one(docs, "ServiceMonitor").at("/metadata/labels/release").asText());
        assertEquals("cinder-csi", one(docs, "PersistentVolumeClaim").at("/spec/storageClassName").asText());
    }

    private static final Set<String> BASE_KINDS = Set.of("ConfigMap", "Deployment", "Namespace", "NetworkPolicy",
            "PersistentVolumeClaim", "PrometheusRule", "Service", "ServiceMonitor");

    /** One replica owning a volume: the base and overlays that keep the store on a volume. */
    private void check(List<JsonNode> docs, String image) throws Exception {
        Map<String, JsonNode> volumes = checkCommon(docs, image, BASE_KINDS);
        JsonNode deployment = one(docs, "Deployment");
        assertEquals(1, deployment.at("/spec/replicas").asInt(), "one writer per store");
        assertEquals("Recreate", deployment.at("/spec/strategy/type").asText());
        assertEquals(one(docs, "PersistentVolumeClaim").at("/metadata/name").asText(), volumes.get("store").at("/persistentVolumeClaim/claimName").asText());
        assertTrue(one(docs, "NetworkPolicy").at("/spec/egress").isEmpty(), "no egress at all");
    }

    @Test
    void haOverlayRunsThreeReplicasOnObjectStorage() throws Exception {
        List<JsonNode> docs = render("deploy/kubernetes/overlays/ha");
        Set<String> kinds = new TreeSet<>(BASE_KINDS);
        kinds.remove("PersistentVolumeClaim");
        kinds.addAll(List.of("PodDisruptionBudget", "Secret"));
        Map<String, JsonNode> volumes = checkCommon(docs, "registry.example.internal/ferry/ferry:0.1.0", kinds);
        JsonNode deployment = one(docs, "Deployment");
        JsonNode pod = deployment.at("/spec/template");
        int replicas = deployment.at("/spec/replicas").asInt();
        assertEquals(3, replicas);
        assertEquals("RollingUpdate", deployment.at("/spec/strategy/type").asText());
        assertEquals(1, deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt());
        assertNotNull(volumes.get("store").get("emptyDir"), "local state only: the store is the bucket");
        assertFalse(volumes.get("store").has("persistentVolumeClaim"));

        JsonNode budget = one(docs, "PodDisruptionBudget");
        assertTrue(selects(budget.at("/spec/selector/matchLabels"), pod.at("/metadata/labels")), "the budget covers the pods");
        int minAvailable = budget.at("/spec/minAvailable").asInt();
        assertTrue(minAvailable >= 2 && minAvailable < replicas, "a drain may take one replica, never more: " + budget);

        JsonNode spread = pod.at("/spec/topologySpreadConstraints");
        boolean perNode = false;
        for (JsonNode c : spread) {
            assertTrue(selects(c.at("/labelSelector/matchLabels"), pod.at("/metadata/labels")), "spread counts these pods: " + c);
            perNode |= c.path("topologyKey").asText().equals("kubernetes.io/hostname")
                    && c.path("whenUnsatisfiable").asText().equals("DoNotSchedule") && c.path("maxSkew").asInt() == 1;
        }
        assertTrue(perNode, "replicas on different nodes: " + spread);

        // both the init container (creates the bucket's marker) and the server read the credentials Secret
        JsonNode secret = one(docs, "Secret");
        assertTrue(secret.at("/data/AWS_ACCESS_KEY_ID").isTextual() && secret.at("/data/AWS_SECRET_ACCESS_KEY").isTextual(), secret.toString());
        for (String containers : List.of("/spec/initContainers", "/spec/containers")) {
            JsonNode container = pod.at(containers + "/0");
            assertEquals(secret.at("/metadata/name").asText(), container.at("/envFrom/0/secretRef/name").asText(), containers);
        }

        // the configuration the pods read keeps the store in the bucket
        Path configFile = tmp.resolve("ha-ferry.yaml");
        Files.writeString(configFile, one(docs, "ConfigMap").at("/data/ferry.yaml").asText());
        FerryConfig config = ConfigLoader.load(configFile, Map.of(), Map.of());
        assertEquals("s3", config.store().backend());

        // what leaves the pod: name lookups and the object storage, nothing else
        JsonNode egress = one(docs, "NetworkPolicy").at("/spec/egress");
        assertEquals(2, egress.size(), egress.toString());
        assertEquals("[53, 53]", egress.at("/0/ports").findValues("port").toString());
        assertTrue(egress.at("/1/to/0/ipBlock/cidr").isTextual(), egress.toString());
    }

    /** What every rendering must satisfy; returns the pod's volumes by name. */
    private Map<String, JsonNode> checkCommon(List<JsonNode> docs, String image, Set<String> expectedKinds) throws Exception {
        Set<String> kinds = new TreeSet<>();
        docs.forEach(d -> kinds.add(d.path("kind").asText()));
        assertEquals(new TreeSet<>(expectedKinds), kinds);
        for (JsonNode d : docs) {
            if (!d.path("kind").asText().equals("Namespace")) assertEquals("ferry", d.at("/metadata/namespace").asText(), d.path("kind") + " namespace");
        }
        JsonNode deployment = one(docs, "Deployment");
        JsonNode pod = deployment.at("/spec/template");
        JsonNode podLabels = pod.at("/metadata/labels");
        assertTrue(selects(deployment.at("/spec/selector/matchLabels"), podLabels), "Deployment selector matches its pods");
        JsonNode service = one(docs, "Service");
        assertTrue(selects(service.at("/spec/selector"), podLabels), "Service selects the pods");
        JsonNode policy = one(docs, "NetworkPolicy");
        assertTrue(selects(policy.at("/spec/podSelector/matchLabels"), podLabels), "NetworkPolicy applies to the pods");
        assertTrue(policy.at("/spec/policyTypes").toString().contains("Egress"), "egress is restricted");
        JsonNode monitor = one(docs, "ServiceMonitor");
        assertTrue(selects(monitor.at("/spec/selector/matchLabels"), service.at("/metadata/labels")), "ServiceMonitor selects the Service");

        JsonNode spec = pod.path("spec");
        JsonNode container = spec.at("/containers/0");
        assertEquals(image, container.path("image").asText());
        assertTrue(spec.at("/securityContext/runAsNonRoot").asBoolean());
        assertTrue(spec.at("/securityContext/runAsUser").asInt() > 0);
        assertEquals("RuntimeDefault", spec.at("/securityContext/seccompProfile/type").asText());
        assertFalse(spec.path("automountServiceAccountToken").asBoolean(true));
        assertTrue(container.at("/securityContext/readOnlyRootFilesystem").asBoolean());
        assertFalse(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true));
        assertEquals("[\"ALL\"]", container.at("/securityContext/capabilities/drop").toString());
        assertTrue(container.at("/resources/requests/memory").isTextual() && container.at("/resources/limits/memory").isTextual());

        Map<String, Integer> ports = new HashMap<>();
        container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
        for (JsonNode sp : service.at("/spec/ports")) {
            assertTrue(ports.containsKey(sp.path("targetPort").asText()), "Service targets a named container port: " + sp);
        }
        assertTrue(ports.containsKey(monitor.at("/spec/endpoints/0/port").asText()) || service.at("/spec/ports").findValuesAsText("name")
                .contains(monitor.at("/spec/endpoints/0/port").asText()));
        assertEquals("/metrics", monitor.at("/spec/endpoints/0/path").asText());

        Map<String, String> mounts = new HashMap<>();
        container.path("volumeMounts").forEach(m -> {
            mounts.put(m.path("name").asText(), m.path("mountPath").asText());
            assertFalse(m.has("subPath"), "subPath mounts never see Secret updates: " + m);
        });
        Map<String, JsonNode> volumes = new HashMap<>();
        spec.path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
        assertEquals(volumes.keySet(), mounts.keySet(), "every volume is mounted");
        assertNotNull(volumes.get("tmp").get("emptyDir"), "/tmp is an emptyDir");
        assertEquals("/tmp", mounts.get("tmp"));
        assertTrue(container.toString().contains("-DZstdTempFolder=/tmp"), "zstd-jni unpacks into the writable /tmp");
        assertEquals("ferry-tls", volumes.get("tls").at("/secret/secretName").asText());
        assertEquals("ferry-admin-tokens", volumes.get("admin-tokens").at("/secret/secretName").asText());

        // The ConfigMap's ferry.yaml is a valid configuration whose ports and paths match the pod.
        JsonNode configMap = one(docs, "ConfigMap");
        assertEquals(configMap.at("/metadata/name").asText(), volumes.get("config").at("/configMap/name").asText());
        Path configFile = tmp.resolve("ferry.yaml");
        Files.writeString(configFile, configMap.at("/data/ferry.yaml").asText());
        String configPath = mounts.get("config") + "/ferry.yaml";
        assertTrue(container.path("args").toString().contains(configPath), "serve reads the mounted config");
        FerryConfig config = ConfigLoader.load(configFile, Map.of(), Map.of());
        assertEquals(ports.get("http"), config.server().port());
        assertEquals(ports.get("https"), config.tls().port());
        assertEquals(mounts.get("store"), config.store().path());
        assertTrue(config.tls().cert().startsWith(mounts.get("tls") + "/") && config.tls().key().startsWith(mounts.get("tls") + "/"));
        assertTrue(config.admin().tokens().startsWith(mounts.get("admin-tokens") + "/"));

        // Probes go to the plain-HTTP port and to routes a real server answers with 200.
        Map<String, Integer> served = probeStatuses(container);
        served.forEach((path, status) -> assertEquals(200, status, "probe " + path));
        assertTrue(served.keySet().containsAll(List.of("/healthz", "/readyz")), served.toString());

        checkRules(one(docs, "PrometheusRule"));
        return volumes;
    }

    private Map<String, Integer> probeStatuses(JsonNode container) throws Exception {
        Map<String, Integer> statuses = new HashMap<>();
        FerryConfig config = ConfigLoader.load(null, Map.of(), Map.of("server.host", "127.0.0.1", "server.port", "0"));
        try (FerryServer server = dev.ferry.app.FerryApp.serve(config, Store.create(tmp.resolve("store-" + System.nanoTime())))) {
            HttpClient http = HttpClient.newHttpClient();
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                JsonNode get = container.at("/" + probe + "/httpGet");
                assertEquals("http", get.path("port").asText(), probe + " uses the plain-HTTP port");
                String path = get.path("path").asText();
                int status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                statuses.put(path, status);
            }
        }
        return statuses;
    }

    /** The PrometheusRule both renderings carry is deploy/prometheus's, with every group of the plain rules file. */
    @Test
    void thePrometheusRuleIsTheShippedRules() throws Exception {
        JsonNode groups = YAML.readTree(Path.of("deploy/prometheus/ferry-rules.yaml").toFile()).path("groups");
        assertFalse(groups.isEmpty());
        for (String dir : List.of("deploy/kubernetes", "deploy/kubernetes/overlays/ck8s-service-cluster", "deploy/kubernetes/overlays/ha")) {
            JsonNode rule = one(render(dir), "PrometheusRule");
            assertEquals(groups, rule.at("/spec/groups"), dir);
            assertEquals("ferry", rule.at("/metadata/namespace").asText(), dir);
        }
    }

    private void checkRules(JsonNode rule) throws Exception {
        ObjectNode groups = YAML.createObjectNode();
        groups.set("groups", rule.at("/spec/groups"));
        Path rules = tmp.resolve("rules-" + System.nanoTime() + ".yaml");
        YAML.writeValue(rules.toFile(), groups);
        String out = Commands.ok(List.of("promtool", "check", "rules", rules.toString()));
        assertTrue(out.contains("SUCCESS"), out);
    }
}
