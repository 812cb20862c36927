package dev.ferry.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.importer.ImportOptions;
import dev.ferry.oci.OciImportSettings;
import dev.ferry.core.Digest;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Builds OCI image layouts for tests: blobs, images, indexes, artifacts, then oci-layout and index.json. */
public final class OciLayouts {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String TRIVY_DB_LAYER = "application/vnd.aquasec.trivy.db.layer.v1.tar+gzip";
    public static final String TRIVY_JAVADB_LAYER = "application/vnd.aquasec.trivy.javadb.layer.v1.tar+gzip";

    private final Path dir;
    private final ArrayNode index = JSON.createArrayNode();

    private OciLayouts(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir.resolve("blobs/sha256"));
    }

    public static OciLayouts create(Path dir) throws IOException {
        return new OciLayouts(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Import options for a layout published as {@code repository} (null: by its ref names). */
    public static ImportOptions options(String repository) {
        return new ImportOptions().with(OciImportSettings.class, new OciImportSettings(repository));
    }

    /** Stores content as a blob; returns its descriptor. */
    public ObjectNode blob(String mediaType, byte[] content) throws IOException {
        Digest d = Digest.ofBytes(content);
        Files.write(dir.resolve("blobs/sha256/" + d.hex()), content);
        return JSON.createObjectNode().put("mediaType", mediaType).put("digest", d.toString()).put("size", content.length);
    }

    public ObjectNode json(String mediaType, ObjectNode document) throws IOException {
        return blob(mediaType, JSON.writeValueAsBytes(document));
    }

    /** A one-layer image whose layer is {@code content}. */
    public ObjectNode image(String content) throws IOException {
        ObjectNode config = json("application/vnd.oci.image.config.v1+json", (ObjectNode) JSON.readTree(
                "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"));
        ObjectNode layer = blob("application/vnd.oci.image.layer.v1.tar+gzip", content.getBytes(StandardCharsets.UTF_8));
        return manifest(config, layer);
    }

    public ObjectNode manifest(ObjectNode config, ObjectNode... layers) throws IOException {
        ObjectNode m = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", MANIFEST);
        m.set("config", config);
        ArrayNode l = m.putArray("layers");
        for (ObjectNode layer : layers) l.add(layer);
        return json(MANIFEST, m);
    }

    public ObjectNode index(ObjectNode... manifests) throws IOException {
        ObjectNode i = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", INDEX);
        ArrayNode list = i.putArray("manifests");
        for (ObjectNode m : manifests) list.add(m);
        return json(INDEX, i);
    }

    /** The artifact {@code oras push --artifact-type application/vnd.aquasec.trivy.config.v1+json} makes. */
    public ObjectNode trivy(String layerMediaType, String title, byte[] archive) throws IOException {
        ObjectNode empty = blob("application/vnd.oci.empty.v1+json", "{}".getBytes(StandardCharsets.UTF_8)).put("data", "e30=");
        ObjectNode layer = blob(layerMediaType, archive);
        if (title != null) layer.putObject("annotations").put("org.opencontainers.image.title", title);
        ObjectNode m = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", MANIFEST)
                .put("artifactType", "application/vnd.aquasec.trivy.config.v1+json");
        m.set("config", empty);
        m.putArray("layers").add(layer);
        m.putObject("annotations").put("org.opencontainers.image.created", "2026-11-26T06:00:00Z");
        return json(MANIFEST, m);
    }

    /** Lists a descriptor in index.json, tagged with {@code refName} unless it is null. */
    public OciLayouts tag(ObjectNode descriptor, String refName) {
        ObjectNode d = descriptor.deepCopy();
        d.remove("platform");
        if (refName != null) d.putObject("annotations").put("org.opencontainers.image.ref.name", refName);
        index.add(d);
        return this;
    }

    public Path write() throws IOException {
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        ObjectNode i = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", INDEX);
        i.set("manifests", index);
        Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(i));
        return dir;
    }

    /** Packs a layout directory into a tar, entries named "./…" as {@code tar -C dir -cf out .} does. */
    public static Path tar(Path layout, Path out) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(layout)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p)) files.put("./" + layout.relativize(p), Files.readAllBytes(p));
            }
        }
        try (OutputStream o = Files.newOutputStream(out)) {
            o.write(tarBytes(files, false));
        }
        return out;
    }

    /** A tar (gzip'd when asked) of the given name → content entries, in order. */
    public static byte[] tarBytes(Map<String, byte[]> entries, boolean gzip) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream sink = gzip ? new GzipCompressorOutputStream(bytes) : bytes;
             TarArchiveOutputStream tar = new TarArchiveOutputStream(sink)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(e.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** A db.tar.gz like the upstream Makefile makes: the database file, then metadata.json. */
    public static byte[] trivyArchive(String dbFile, int version, String updatedAt, String nextUpdate) throws IOException {
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        entries.put(dbFile, new byte[5000]);
        entries.put("metadata.json", ("{\"Version\":" + version + ",\"NextUpdate\":\"" + nextUpdate + "\",\"UpdatedAt\":\""
                + updatedAt + "\",\"DownloadedAt\":\"0001-01-01T00:00:00Z\"}\n").getBytes(StandardCharsets.UTF_8));
        return tarBytes(entries, true);
    }
}
