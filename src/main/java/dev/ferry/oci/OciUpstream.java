package dev.ferry.oci;

import dev.ferry.core.oci.OciMediaTypes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.fetch.Fetcher;
import dev.ferry.fetch.ManifestRef;
import dev.ferry.fetch.OciReference;
import dev.ferry.fetch.RegistryClient;
import dev.ferry.core.Digest;
import dev.ferry.core.RejectedException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves an image or artifact at an upstream registry without pulling its blobs: the manifest
 * (or index and the manifests of the kept platforms) verified against its digest, and the list of
 * blobs a pull needs. A platform filter rewrites the index to the kept entries, so the published
 * index digest differs from upstream's; {@link OciContent#upstreamDigest} keeps the one resolved.
 */
public final class OciUpstream {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> INDEXES = Set.of(OciMediaTypes.IMAGE_INDEX, OciMediaTypes.DOCKER_MANIFEST_LIST);
    private static final Set<String> MANIFESTS = Set.of(OciMediaTypes.IMAGE_MANIFEST, OciMediaTypes.DOCKER_MANIFEST,
            OciMediaTypes.ARTIFACT_MANIFEST);

    private OciUpstream() {
    }

    /** A manifest or index document as it will be published. */
    public record Manifest(Digest digest, String mediaType, byte[] bytes) {
        public long size() {
            return bytes.length;
        }
    }

    public record Blob(Digest digest, long size) {
    }

    /**
     * @param reference      the candidate (source or mirror) that answered
     * @param upstreamDigest what the reference named upstream
     * @param top            the document published under the tag (the filtered index when platforms were chosen)
     * @param manifests      every document to publish, top first
     * @param blobs          every blob the documents reference, each once
     */
    public record OciContent(OciReference reference, Digest upstreamDigest, Manifest top, List<Manifest> manifests, List<Blob> blobs) {
        public long size() {
            return manifests.stream().mapToLong(Manifest::size).sum() + blobs.stream().mapToLong(Blob::size).sum();
        }
    }

    /** The first candidate that resolves; every failure is named when none does. */
    public static OciContent resolve(Fetcher fetcher, String artifact, List<OciReference> candidates, List<String> platforms)
            throws IOException {
        List<String> failures = new ArrayList<>();
        for (OciReference ref : candidates) {
            try {
                return resolve(fetcher.registry(ref.host()), artifact, ref, platforms);
            } catch (RejectedException e) {
                throw e; // an upstream that lies is not retried at a mirror: the run fails
            } catch (IOException e) {
                failures.add(name(ref) + ": " + e.getMessage());
            }
        }
        throw new IOException(artifact + ": no source answered (" + String.join("; ", failures) + ")");
    }

    static OciContent resolve(RegistryClient client, String artifact, OciReference ref, List<String> platforms) throws IOException {
        ManifestRef top = client.resolve(ref);
        Manifest doc = fetch(client, artifact, ref, top.digest(), top.mediaType());
        Map<Digest, Manifest> manifests = new LinkedHashMap<>();
        Map<Digest, Blob> blobs = new LinkedHashMap<>();
        if (INDEXES.contains(doc.mediaType())) {
            JsonNode index = JSON.readTree(doc.bytes());
            ArrayNode kept = JSON.createArrayNode();
            for (JsonNode entry : index.path("manifests")) {
                if (!platforms.isEmpty() && !platforms.contains(platform(entry.path("platform")))) continue;
                Digest d = Digest.parse(entry.path("digest").asText());
                Manifest child = fetch(client, artifact, ref, d, entry.path("mediaType").asText());
                if (child.size() != entry.path("size").asLong(-1)) {
                    throw new RejectedException(artifact, name(ref) + "@" + d + ": the index declares " + entry.path("size").asLong()
                            + " bytes, the manifest has " + child.size());
                }
                manifests.put(d, child);
                addBlobs(artifact, ref, child, blobs);
                kept.add(entry);
            }
            if (kept.isEmpty()) throw new IOException(artifact + ": " + name(ref) + " has none of the platforms " + platforms);
            if (kept.size() != index.path("manifests").size()) {
                ((ObjectNode) index).set("manifests", kept);
                byte[] filtered = JSON.writeValueAsBytes(index);
                doc = new Manifest(Digest.ofBytes(filtered), doc.mediaType(), filtered);
            }
        } else {
            addBlobs(artifact, ref, doc, blobs);
        }
        List<Manifest> all = new ArrayList<>();
        all.add(doc);
        all.addAll(manifests.values());
        return new OciContent(ref, top.digest(), doc, all, new ArrayList<>(blobs.values()));
    }

    private static Manifest fetch(RegistryClient client, String artifact, OciReference ref, Digest digest, String mediaType)
            throws IOException {
        if (!INDEXES.contains(mediaType) && !MANIFESTS.contains(mediaType)) {
            throw new RejectedException(artifact, name(ref) + "@" + digest + ": wrong media type '" + mediaType + "' for a manifest");
        }
        byte[] bytes = client.manifest(ref, digest);
        Digest actual = Digest.ofBytes(bytes);
        if (!actual.equals(digest)) {
            throw new RejectedException(artifact, name(ref) + "@" + digest + ": manifest digest mismatch (the body hashes to " + actual + ")");
        }
        JsonNode node = JSON.readTree(bytes);
        String declared = node.path("mediaType").asText(null);
        if (declared != null && !declared.equals(mediaType)) {
            throw new RejectedException(artifact, name(ref) + "@" + digest + ": served as '" + mediaType + "' but declares '" + declared + "'");
        }
        return new Manifest(digest, mediaType, bytes);
    }

    private static void addBlobs(String artifact, OciReference ref, Manifest m, Map<Digest, Blob> blobs) throws IOException {
        JsonNode node = JSON.readTree(m.bytes());
        List<JsonNode> descriptors = new ArrayList<>();
        if (node.has("config")) descriptors.add(node.get("config"));
        node.path("layers").forEach(descriptors::add);
        node.path("blobs").forEach(descriptors::add);
        for (JsonNode d : descriptors) {
            long size = d.path("size").asLong(-1);
            if (size < 0 || !d.path("digest").isTextual()) {
                throw new RejectedException(artifact, name(ref) + "@" + m.digest() + ": a descriptor without digest or size");
            }
            Digest digest = Digest.parse(d.get("digest").asText());
            blobs.putIfAbsent(digest, new Blob(digest, size));
        }
    }

    /** {@code os/arch[/variant]} of an index entry. */
    static String platform(JsonNode p) {
        String s = p.path("os").asText("") + "/" + p.path("architecture").asText("");
        return p.hasNonNull("variant") ? s + "/" + p.get("variant").asText() : s;
    }

    /** {@code host/repository[:tag][@digest]}, for messages and provenance. */
    public static String name(OciReference r) {
        return r.host() + "/" + r.repository() + (r.tag() == null ? "" : ":" + r.tag()) + (r.digest() == null ? "" : "@" + r.digest());
    }
}
