package dev.ferry.status;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.oci.ManifestDocument;
import dev.ferry.store.BlobStore;
import dev.ferry.core.Digest;
import dev.ferry.core.Json;
import dev.ferry.store.OciRepository;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What pulling a tagged artifact costs: the manifest plus every distinct blob it needs, following
 * an index into its platform manifests (the subject of a referrer is not part of it). Reads the
 * stored manifests, so it runs off the event loop; a manifest that cannot be read counts only
 * with its own size.
 */
public final class ArtifactSize {
    private static final List<String> PARTS = List.of("config", "layers", "blobs", "manifests");

    private ArtifactSize() {
    }

    public static long of(OciRepository repository, Digest manifest, BlobStore blobs) {
        Map<String, Long> needed = new HashMap<>();
        Deque<String> manifests = new ArrayDeque<>(List.of(manifest.toString()));
        while (!manifests.isEmpty()) {
            String digest = manifests.pop();
            OciRepository.OciManifest m = repository.manifests().get(digest);
            if (m == null || needed.putIfAbsent(digest, m.size()) != null) continue;
            JsonNode doc = read(blobs, digest, m.size());
            for (String part : PARTS) {
                JsonNode node = doc.path(part);
                for (JsonNode d : node.isArray() ? node : List.of(node)) {
                    String child = d.path("digest").asText("");
                    if (repository.manifests().containsKey(child)) manifests.push(child);
                    else if (repository.blobs().containsKey(child)) needed.putIfAbsent(child, repository.blobs().get(child));
                }
            }
        }
        return needed.values().stream().mapToLong(Long::longValue).sum();
    }

    private static JsonNode read(BlobStore blobs, String digest, long size) {
        try (InputStream in = blobs.open(Digest.parse(digest))) {
            return Json.MAPPER.readTree(in.readNBytes((int) Math.min(size, ManifestDocument.MAX_BYTES)));
        } catch (IOException | RuntimeException unreadable) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }
}
