package dev.ferry.oci;

import dev.ferry.core.oci.OciMediaTypes;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.importer.InputFiles;
import dev.ferry.core.Digest;
import dev.ferry.core.RejectedException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fetched content as an OCI image layout ({@link OciLayoutInput} reads it): the manifests and index.json in
 * memory, every blob read from its file in the download cache, so the layout costs no copy. One index.json
 * entry, its ref name the tag, so the import publishes it as {@code repository:tag} (untagged, pullable by
 * digest, when there is no tag).
 */
public final class FetchedLayout implements LayoutSource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String description;
    private final Map<String, byte[]> small = new LinkedHashMap<>();
    private final Map<String, Path> blobs = new LinkedHashMap<>();
    private final Map<String, Long> sizes = new LinkedHashMap<>();

    /** @param blobs the cached file of every blob */
    public FetchedLayout(String description, OciUpstream.OciContent content, Map<Digest, Path> blobs, String tag) throws IOException {
        this.description = description;
        put(OciLayout.LAYOUT_FILE, "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", OciMediaTypes.IMAGE_INDEX);
        ObjectNode entry = index.putArray("manifests").addObject()
                .put("mediaType", content.top().mediaType())
                .put("digest", content.top().digest().toString())
                .put("size", content.top().size());
        if (tag != null) entry.putObject("annotations").put(OciMediaTypes.REF_NAME, tag);
        put(OciLayout.INDEX_FILE, JSON.writeValueAsBytes(index));
        for (OciUpstream.Manifest m : content.manifests()) put(OciLayout.blobPath(m.digest()), m.bytes());
        for (Map.Entry<Digest, Path> b : blobs.entrySet()) {
            String path = OciLayout.blobPath(b.getKey());
            if (sizes.containsKey(path)) continue;
            this.blobs.put(path, b.getValue());
            sizes.put(path, Files.size(b.getValue()));
        }
    }

    private void put(String path, byte[] bytes) {
        small.put(path, bytes);
        sizes.put(path, (long) bytes.length);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public InputStream open(String path) throws IOException {
        byte[] bytes = small.get(path);
        if (bytes != null) return new ByteArrayInputStream(bytes);
        Path file = blobs.get(path);
        if (file == null) throw new RejectedException(path, "missing");
        return InputFiles.openRegular(file, path);
    }

    @Override
    public Map<String, Long> files() {
        return sizes;
    }

    @Override
    public void close() {
        // nothing held open
    }
}
