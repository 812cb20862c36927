package dev.ferry.core.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.Digest;
import dev.ferry.core.RejectedException;

import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An OCI content descriptor, checked: a media type that is safe to serve as a header, a SHA-256
 * digest, a non-negative integral size, string annotations and optional embedded data.
 *
 * @param data embedded content ({@code data} field), or null
 */
public record Descriptor(String mediaType, Digest digest, long size, Map<String, String> annotations, byte[] data,
                         String artifactType) {

    public Descriptor {
        annotations = Collections.unmodifiableSortedMap(new TreeMap<>(annotations == null ? Map.of() : annotations));
    }

    /** @param entry names where the descriptor sits, for messages ("index.json manifests[0]") */
    public static Descriptor parse(JsonNode node, String entry) throws RejectedException {
        if (!(node instanceof ObjectNode o)) throw new RejectedException(entry, "descriptor is not a JSON object");
        String mediaType = OciJson.text(o, "mediaType", entry);
        if (!OciMediaTypes.isValid(mediaType)) {
            throw new RejectedException(entry, "invalid media type '" + OciDigests.abbreviate(mediaType) + "'");
        }
        String digestText = OciJson.text(o, "digest", entry);
        String problem = OciDigests.problem(digestText);
        if (problem != null) throw new RejectedException(entry, problem);
        JsonNode size = o.get("size");
        if (size == null || !size.isIntegralNumber() || !size.canConvertToLong() || size.asLong() < 0) {
            throw new RejectedException(entry, "'size' is not a non-negative integer");
        }
        Map<String, String> annotations = ManifestDocument.annotations(o, entry);
        byte[] data = null;
        String dataText = OciJson.optionalText(o, "data", entry);
        if (dataText != null) {
            try {
                data = Base64.getDecoder().decode(dataText);
            } catch (IllegalArgumentException e) {
                throw new RejectedException(entry, "'data' is not base64");
            }
        }
        String artifactType = OciJson.optionalText(o, "artifactType", entry);
        if (artifactType != null && !OciMediaTypes.isValid(artifactType)) {
            throw new RejectedException(entry, "invalid artifactType '" + OciDigests.abbreviate(artifactType) + "'");
        }
        return new Descriptor(mediaType, Digest.parse(digestText), size.asLong(), annotations, data, artifactType);
    }

    public String annotation(String key) {
        return annotations.get(key);
    }
}
