package dev.ferry.status;

import dev.ferry.core.oci.OciMediaTypes;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.oci.ManifestDocument;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.ferry.store.BlobStore;
import dev.ferry.core.Digest;
import dev.ferry.core.Json;
import dev.ferry.store.OciRepository;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The platforms a tagged image serves, as {@code os/architecture[/variant]}: an index's platform
 * entries (attestation entries, "unknown/unknown", left out), or a single image's config. Reads
 * stored manifests and configs, so it runs off the event loop, once per generation.
 */
public final class ImagePlatforms {
    private static final int MAX_CONFIG_BYTES = 1 << 20;

    private ImagePlatforms() {
    }

    public static List<String> of(OciRepository repository, Digest manifest, BlobStore blobs) {
        OciRepository.OciManifest m = repository.manifests().get(manifest.toString());
        if (m == null) return List.of();
        JsonNode doc = read(blobs, manifest.toString(), Math.min(m.size(), ManifestDocument.MAX_BYTES));
        List<String> platforms = new ArrayList<>();
        if (OciMediaTypes.isIndex(m.mediaType())) {
            for (JsonNode child : doc.path("manifests")) {
                String p = platform(child.path("platform"));
                if (p != null && !platforms.contains(p)) platforms.add(p);
            }
            return platforms;
        }
        JsonNode config = doc.path("config");
        String type = config.path("mediaType").asText("");
        Long size = repository.blobs().get(config.path("digest").asText(""));
        if (size == null || !(type.equals("application/vnd.oci.image.config.v1+json")
                || type.equals("application/vnd.docker.container.image.v1+json"))) {
            return platforms;
        }
        String p = platform(read(blobs, config.path("digest").asText(), Math.min(size, MAX_CONFIG_BYTES)));
        if (p != null) platforms.add(p);
        return platforms;
    }

    private static String platform(JsonNode p) {
        String os = p.path("os").asText("");
        String arch = p.path("architecture").asText("");
        if (os.isEmpty() || arch.isEmpty() || os.equals("unknown")) return null;
        String variant = p.path("variant").asText("");
        return os + "/" + arch + (variant.isEmpty() ? "" : "/" + variant);
    }

    private static JsonNode read(BlobStore blobs, String digest, long size) {
        try (InputStream in = blobs.open(Digest.parse(digest))) {
            return Json.MAPPER.readTree(in.readNBytes((int) size));
        } catch (IOException | RuntimeException unreadable) {
            return MissingNode.getInstance();
        }
    }
}
