package dev.ferry.opensearch;

import dev.ferry.store.Generation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A plugin as a generation publishes it (read back from the zip entries' metadata), with every
 * path it is served at; for status and metrics.
 *
 * @param opensearch the exact OpenSearch version, or the range as declared
 * @param signatureKeyId the key that signed it, or "" when imported unsigned
 */
public record PublishedPlugin(String name, String version, String opensearch, String javaVersion,
                              String signatureKeyId, List<String> paths) {

    /** The plugins in {@code g}, ordered by name and version. */
    public static List<PublishedPlugin> in(Generation g) {
        Map<String, PublishedPlugin> found = new TreeMap<>();
        g.files().forEach((path, e) -> {
            Map<String, String> m = e.metadata();
            if (!PluginInput.FAMILY.equals(e.family()) || !path.endsWith(PluginFiles.ZIP_SUFFIX)) return;
            String os = m.getOrDefault("opensearchVersion", m.get("opensearchRange"));
            if (m.get("name") == null || m.get("version") == null || os == null) return;
            String key = m.get("name") + "\u0000" + m.get("version") + "\u0000" + os + "\u0000" + e.digest();
            found.computeIfAbsent(key, k -> new PublishedPlugin(m.get("name"), m.get("version"), os,
                    m.getOrDefault("javaVersion", ""), m.getOrDefault("signatureKeyId", ""), new ArrayList<>())).paths().add(path);
        });
        return found.values().stream().map(p -> new PublishedPlugin(p.name, p.version, p.opensearch, p.javaVersion,
                p.signatureKeyId, List.copyOf(p.paths))).toList();
    }

    /** Why a cluster running {@code cluster} would refuse this plugin, or empty if it would load it. */
    public Optional<String> refusedBy(OpenSearchVersion cluster) {
        OpenSearchRange range;
        try {
            range = OpenSearchRange.parse(opensearch);
        } catch (IllegalArgumentException e) {
            return Optional.of("unreadable OpenSearch version '" + opensearch + "'");
        }
        if (range.admits(cluster)) return Optional.empty();
        return Optional.of("built for OpenSearch " + opensearch + " but the cluster runs " + cluster);
    }

    /** Helper for callers holding an optional configured cluster version ("" = not configured). */
    public static Optional<OpenSearchVersion> clusterVersion(String configured) {
        return configured == null || configured.isBlank() ? Optional.empty() : Optional.of(OpenSearchVersion.parse(configured));
    }
}
