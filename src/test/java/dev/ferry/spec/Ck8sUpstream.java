package dev.ferry.spec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.falco.DriverUpstream;
import dev.ferry.falco.IndexUpstream;
import dev.ferry.opensearch.PluginUpstream;
import dev.ferry.pgp.KeyFileSigner;
import dev.ferry.core.Digest;
import dev.ferry.testing.OciLayouts;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

/**
 * The upstreams of the ck8s example spec, in a {@link FakeUpstream}: Trivy DB and Java DB on
 * ghcr.io, repository-s3 2.19.4 on artifacts.opensearch.org (signed by {@code signer}), drivers
 * for two of the example's three kernels on download.falco.org, and the falcoctl index with
 * falco-rules and two multi-platform plugins.
 */
final class Ck8sUpstream {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String MANIFEST = OciLayouts.MANIFEST;
    static final String INDEX = OciLayouts.INDEX;
    static final String PLUGIN_ZIP = PluginUpstream.zipUrl(null, "repository-s3", "2.19.4").toString();
    static final String DRIVER_1 = DriverUpstream.url(null, "8.0.0+driver", "x86_64",
            DriverUpstream.fileName("ubuntu-generic", "5.15.0-91-generic", "101", "module")).toString();
    static final String DRIVER_2 = DriverUpstream.url(null, "8.0.0+driver", "x86_64",
            DriverUpstream.fileName("ubuntu-aws", "6.8.0-1015-aws", "15~22.04.1", "module")).toString();

    final FakeUpstream up;
    byte[] pluginZip;
    Digest trivyDb;

    Ck8sUpstream(FakeUpstream up, KeyFileSigner signer) throws IOException {
        this.up = up;
        trivyDb = trivy("ghcr.io/aquasecurity/trivy-db", "2", OciLayouts.TRIVY_DB_LAYER, "db.tar.gz", "trivy.db");
        trivy("ghcr.io/aquasecurity/trivy-java-db", "1", OciLayouts.TRIVY_JAVADB_LAYER, "javadb.tar.gz", "trivy-java.db");
        pluginZip = pluginZip("repository-s3", "2.19.4", "2.19.4");
        up.urls.put(PLUGIN_ZIP, pluginZip);
        up.urls.put(PLUGIN_ZIP + ".sha512", (sha512(pluginZip) + "  repository-s3-2.19.4.zip\n").getBytes(StandardCharsets.UTF_8));
        up.urls.put(PLUGIN_ZIP + ".sig", signer.sign(pluginZip));
        up.urls.put(DRIVER_1, "kernel module one".getBytes(StandardCharsets.UTF_8));
        up.urls.put(DRIVER_2, "kernel module two".getBytes(StandardCharsets.UTF_8));
        up.urls.put(IndexUpstream.DEFAULT_URL, index().getBytes(StandardCharsets.UTF_8));
        artifact("ghcr.io/falcosecurity/rules/falco-rules", "3", "application/vnd.cncf.falco.rulesfile.layer.v1+tar.gz", "rules");
        falcoPlugin("ghcr.io/falcosecurity/plugins/plugin/container", "0.2.4");
        falcoPlugin("ghcr.io/falcosecurity/plugins/plugin/k8smeta", "0.2.1");
    }

    Digest put(String mediaType, byte[] bytes) {
        Digest d = Digest.ofBytes(bytes);
        up.content.put(d, bytes);
        if (mediaType != null) up.mediaTypes.put(d, mediaType);
        return d;
    }

    ObjectNode descriptor(String mediaType, byte[] bytes) {
        return JSON.createObjectNode().put("mediaType", mediaType).put("digest", put(null, bytes).toString()).put("size", bytes.length);
    }

    Digest manifest(ObjectNode config, ObjectNode... layers) throws IOException {
        ObjectNode m = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", MANIFEST);
        m.set("config", config);
        ArrayNode l = m.putArray("layers");
        for (ObjectNode layer : layers) l.add(layer);
        return put(MANIFEST, JSON.writeValueAsBytes(m));
    }

    private Digest trivy(String repo, String tag, String layerType, String title, String dbFile) throws IOException {
        ObjectNode layer = descriptor(layerType, OciLayouts.trivyArchive(dbFile, 2, "2026-12-04T00:00:00Z", "2026-12-05T00:00:00Z"));
        layer.putObject("annotations").put("org.opencontainers.image.title", title);
        Digest d = manifest(descriptor("application/vnd.aquasec.trivy.config.v1+json", "{}".getBytes(StandardCharsets.UTF_8)), layer);
        up.tag(repo, tag, d);
        return d;
    }

    private void artifact(String repo, String tag, String layerType, String content) throws IOException {
        Digest d = manifest(descriptor("application/vnd.cncf.falco.rulesfile.config.v1+json", "{}".getBytes(StandardCharsets.UTF_8)),
                descriptor(layerType, content.getBytes(StandardCharsets.UTF_8)));
        up.tag(repo, tag, d);
    }

    void falcoPlugin(String repo, String tag) throws IOException {
        ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", INDEX);
        ArrayNode list = index.putArray("manifests");
        for (String arch : new String[]{"amd64", "arm64"}) {
            byte[] config = ("{\"name\":\"" + repo + "\"}").getBytes(StandardCharsets.UTF_8);
            Digest m = manifest(descriptor("application/vnd.cncf.falco.plugin.config.v1+json", config),
                    descriptor("application/vnd.cncf.falco.plugin.layer.v1+tar.gz", (repo + arch).getBytes(StandardCharsets.UTF_8)));
            ObjectNode e = list.addObject().put("mediaType", MANIFEST).put("digest", m.toString()).put("size", up.content.get(m).length);
            e.putObject("platform").put("os", "linux").put("architecture", arch);
        }
        up.tag(repo, tag, put(INDEX, JSON.writeValueAsBytes(index)));
    }

    private static String index() {
        StringBuilder s = new StringBuilder();
        for (String[] e : new String[][]{{"falco-rules", "rulesfile", "falcosecurity/rules/falco-rules"},
                {"container", "plugin", "falcosecurity/plugins/plugin/container"},
                {"k8smeta", "plugin", "falcosecurity/plugins/plugin/k8smeta"},
                {"cloudtrail", "plugin", "falcosecurity/plugins/plugin/cloudtrail"}}) {
            s.append("- name: ").append(e[0]).append("\n  type: ").append(e[1]).append("\n  registry: ghcr.io\n  repository: ")
                    .append(e[2]).append("\n  description: test\n");
        }
        return s.toString();
    }

    static byte[] pluginZip(String name, String version, String opensearch) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(bytes)) {
            Map<String, byte[]> entries = Map.of(
                    "plugin-descriptor.properties", ("description=A test plugin\nversion=" + version + "\nname=" + name
                            + "\nclassname=org.example.TestPlugin\njava.version=17\nopensearch.version=" + opensearch + "\n")
                            .getBytes(StandardCharsets.ISO_8859_1),
                    name + "-" + version + ".jar", new byte[2000]);
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putArchiveEntry(new ZipArchiveEntry(e.getKey()));
                out.write(e.getValue());
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    static String sha512(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
