package dev.ferry.opensearch;

import dev.ferry.store.Generation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The OpenSearch part of {@code ferry status}: each served plugin, and those the configured cluster would refuse. */
public final class PluginStatus {
    private PluginStatus() {
    }

    /** Text lines (none when there are no plugins and no cluster version is configured). */
    public static List<String> lines(Generation g, String clusterVersion) {
        List<PublishedPlugin> plugins = PublishedPlugin.in(g);
        Optional<OpenSearchVersion> cluster = PublishedPlugin.clusterVersion(clusterVersion);
        List<String> lines = new ArrayList<>();
        if (plugins.isEmpty() && cluster.isEmpty()) return lines;
        List<String> refusals = new ArrayList<>();
        for (PublishedPlugin p : plugins) {
            cluster.flatMap(p::refusedBy).ifPresent(why -> refusals.add(p.name() + " " + p.version() + ": " + why));
        }
        String summary = plugins.size() + (plugins.size() == 1 ? " plugin" : " plugins")
                + cluster.map(v -> ", cluster " + v + (refusals.isEmpty() ? ": all compatible" : ": " + refusals.size()
                + " would be REFUSED (the pod would crash-loop)")).orElse("");
        lines.add("opensearch:   " + summary);
        for (PublishedPlugin p : plugins) {
            lines.add(String.format(Locale.ROOT, "  %s %s for OpenSearch %s, %s, at %s", p.name(), p.version(), p.opensearch(),
                    p.signatureKeyId().isEmpty() ? "unsigned" : "signed by " + p.signatureKeyId(), String.join(", ", p.paths())));
        }
        for (String r : refusals) lines.add("  INCOMPATIBLE " + r);
        return lines;
    }

    /** The same for {@code --output json}. */
    public static Map<String, Object> json(Generation g, String clusterVersion) {
        Optional<OpenSearchVersion> cluster = PublishedPlugin.clusterVersion(clusterVersion);
        List<Map<String, Object>> plugins = new ArrayList<>();
        for (PublishedPlugin p : PublishedPlugin.in(g)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.name());
            m.put("version", p.version());
            m.put("opensearch", p.opensearch());
            m.put("javaVersion", p.javaVersion());
            m.put("signatureKeyId", p.signatureKeyId().isEmpty() ? null : p.signatureKeyId());
            m.put("paths", p.paths());
            Optional<String> refused = cluster.flatMap(p::refusedBy);
            m.put("compatible", cluster.isEmpty() ? null : refused.isEmpty());
            m.put("problem", refused.orElse(null));
            plugins.add(m);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("clusterVersion", cluster.map(Object::toString).orElse(null));
        json.put("plugins", plugins);
        return json;
    }
}
