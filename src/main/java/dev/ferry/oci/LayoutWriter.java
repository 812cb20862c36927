package dev.ferry.oci;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.store.Digest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes fetched content as an OCI image layout ({@link OciLayoutInput} reads it back): one
 * index.json entry, its ref name the tag, so the import publishes it as {@code repository:tag}
 * (untagged, pullable by digest, when there is no tag).
 */
public final class LayoutWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LayoutWriter() {
    }

    /** @param blobs the cached file of every blob, copied into the layout */
    public static void write(Path dir, OciUpstream.OciContent content, Map<Digest, Path> blobs, String tag) throws IOException {
        Path store = Files.createDirectories(dir.resolve("blobs").resolve(Digest.ALGORITHM));
        for (OciUpstream.Manifest m : content.manifests()) Files.write(store.resolve(m.digest().hex()), m.bytes());
        for (Map.Entry<Digest, Path> b : blobs.entrySet()) {
            Path target = store.resolve(b.getKey().hex());
            // copied, not linked: an input must not share a file with anything outside it (the import refuses hard links)
            if (!Files.exists(target)) Files.copy(b.getValue(), target);
        }
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", OciMediaTypes.IMAGE_INDEX);
        ObjectNode entry = index.putArray("manifests").addObject()
                .put("mediaType", content.top().mediaType())
                .put("digest", content.top().digest().toString())
                .put("size", content.top().size());
        if (tag != null) entry.putObject("annotations").put(OciMediaTypes.REF_NAME, tag);
        Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(index));
    }
}
