package dev.ferry.core.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.Digest;
import dev.ferry.core.RejectedException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A manifest or index read from a layout and checked for shape. The served bytes are always the
 * original ones; this is only what Ferry needs to know about them.
 *
 * @param config   the config descriptor of an image manifest, null for indexes and artifact manifests
 * @param layers   layers (image manifest) or blobs (artifact manifest); empty for an index
 * @param children the manifests an index lists; empty for a manifest
 * @param subject  the manifest this one refers to (referrers API), or null
 */
public record ManifestDocument(Digest digest, String mediaType, long size, Descriptor config, List<Descriptor> layers,
                               List<Descriptor> children, String artifactType, Descriptor subject,
                               Map<String, String> annotations) {
    /** distribution's limit for a manifest body; larger ones are refused unread. */
    public static final long MAX_BYTES = 4L << 20;

    public ManifestDocument {
        layers = List.copyOf(layers);
        children = List.copyOf(children);
        annotations = Collections.unmodifiableSortedMap(new TreeMap<>(annotations));
    }

    public boolean isIndex() {
        return OciMediaTypes.isIndex(mediaType);
    }

    /** Config and layers: the blobs (not manifests) this document needs. */
    public List<Descriptor> blobs() {
        List<Descriptor> all = new ArrayList<>();
        if (config != null) all.add(config);
        all.addAll(layers);
        return all;
    }

    /**
     * @param descriptor how the parent (index.json or an index) describes this document
     * @param content    its bytes, already checked against the descriptor's digest and size
     */
    public static ManifestDocument parse(Descriptor descriptor, byte[] content, String entry) throws RejectedException {
        ObjectNode o = OciJson.object(content, entry);
        JsonNode version = o.get("schemaVersion");
        if (version == null || !version.isIntegralNumber() || version.asLong() != 2) {
            throw new RejectedException(entry, "schemaVersion is not 2");
        }
        String type = descriptor.mediaType();
        String declared = OciJson.optionalText(o, "mediaType", entry);
        if (declared != null && !declared.equals(type)) {
            throw new RejectedException(entry, "its mediaType is '" + OciDigests.abbreviate(declared)
                    + "' but it is referenced as '" + type + "'");
        }
        String artifactType = OciJson.optionalText(o, "artifactType", entry);
        if (artifactType != null && !OciMediaTypes.isValid(artifactType)) {
            throw new RejectedException(entry, "invalid artifactType '" + OciDigests.abbreviate(artifactType) + "'");
        }
        ObjectNode subjectNode = OciJson.optionalObject(o, "subject", entry);
        Descriptor subject = subjectNode == null ? null : Descriptor.parse(subjectNode, entry + " subject");
        Map<String, String> annotations = annotations(o, entry);
        Descriptor config = null;
        List<Descriptor> layers = List.of();
        List<Descriptor> children = List.of();
        if (OciMediaTypes.isIndex(type)) {
            children = descriptors(o, "manifests", true, entry);
        } else if (OciMediaTypes.ARTIFACT_MANIFEST.equals(type)) {
            if (artifactType == null) throw new RejectedException(entry, "artifact manifest without artifactType");
            layers = descriptors(o, "blobs", false, entry);
        } else {
            ObjectNode configNode = OciJson.optionalObject(o, "config", entry);
            if (configNode == null) throw new RejectedException(entry, "image manifest without config");
            config = Descriptor.parse(configNode, entry + " config");
            layers = descriptors(o, "layers", true, entry);
        }
        return new ManifestDocument(descriptor.digest(), type, descriptor.size(), config, layers, children,
                artifactType, subject, annotations);
    }

    private static List<Descriptor> descriptors(ObjectNode o, String field, boolean required, String entry)
            throws RejectedException {
        JsonNode node = o.get(field);
        if (node == null || node.isNull()) {
            if (required) throw new RejectedException(entry, "'" + field + "' is missing");
            return List.of();
        }
        if (!(node instanceof ArrayNode array)) throw new RejectedException(entry, "'" + field + "' is not an array");
        List<Descriptor> list = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) list.add(Descriptor.parse(array.get(i), entry + " " + field + "[" + i + "]"));
        return list;
    }

    static Map<String, String> annotations(ObjectNode o, String entry) throws RejectedException {
        Map<String, String> map = new TreeMap<>();
        ObjectNode ann = OciJson.optionalObject(o, "annotations", entry);
        if (ann == null) return map;
        for (Iterator<Map.Entry<String, JsonNode>> it = ann.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) throw new RejectedException(entry, "annotation '" + e.getKey() + "' is not a string");
            map.put(e.getKey(), e.getValue().asText());
        }
        return map;
    }
}
