package dev.ferry.opensearch;

import dev.ferry.core.Digest;
import dev.ferry.store.FileEntry;
import dev.ferry.store.Generation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PluginStatusTest {
    private static FileEntry zip(String content, Map<String, String> metadata) {
        return new FileEntry(Digest.ofBytes(content.getBytes()), content.length(), "application/zip", "opensearch", Instant.EPOCH, metadata);
    }

    private static final Generation GEN = new Generation(3, 2, Instant.EPOCH, "test", Map.of(
            "repository-s3-2.19.4.zip", zip("s3", Map.of("name", "repository-s3", "version", "2.19.4", "opensearchVersion", "2.19.4",
                    "signatureKeyId", "C2EE2AF6542C03B4")),
            "releases/plugins/repository-s3/2.19.4/repository-s3-2.19.4.zip", zip("s3", Map.of("name", "repository-s3",
                    "version", "2.19.4", "opensearchVersion", "2.19.4", "signatureKeyId", "C2EE2AF6542C03B4")),
            "prometheus-exporter-2.17.1.0.zip", zip("pe", Map.of("name", "prometheus-exporter", "version", "2.17.1.0",
                    "opensearchVersion", "2.17.1")),
            "ranged-1.0.0.zip", zip("r", Map.of("name", "ranged", "version", "1.0.0", "opensearchRange", "~2.19.0")),
            "notes.zip", new FileEntry(Digest.ofBytes(new byte[0]), 0, "application/zip", "file", Instant.EPOCH, Map.of())));

    @Test
    void listsEachPluginOnceWithItsOpenSearchVersionAndFlagsRefusals() {
        List<PublishedPlugin> plugins = PublishedPlugin.in(GEN);
        assertEquals(List.of("prometheus-exporter", "ranged", "repository-s3"), plugins.stream().map(PublishedPlugin::name).toList());
        assertEquals(2, plugins.get(2).paths().size());

        List<String> lines = PluginStatus.lines(GEN, "2.19.4");
        assertEquals("opensearch:   3 plugins, cluster 2.19.4: 1 would be REFUSED (the pod would crash-loop)", lines.get(0));
        assertTrue(lines.contains("  repository-s3 2.19.4 for OpenSearch 2.19.4, signed by C2EE2AF6542C03B4, at "
                + "releases/plugins/repository-s3/2.19.4/repository-s3-2.19.4.zip, repository-s3-2.19.4.zip"), lines.toString());
        assertTrue(lines.contains("  INCOMPATIBLE prometheus-exporter 2.17.1.0: built for OpenSearch 2.17.1 but the cluster runs 2.19.4"),
                lines.toString());
        assertEquals("opensearch:   3 plugins", PluginStatus.lines(GEN, "").get(0));
        assertTrue(PluginStatus.lines(Generation.empty(), "").isEmpty());
    }
}
