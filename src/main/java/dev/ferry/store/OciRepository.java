package dev.ferry.store;

import dev.ferry.core.Digest;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One OCI repository as the registry serves it. Keys that are digests use the text form
 * {@code sha256:<hex>}. Manifests and blobs are both stored as blobs of the store; a blob is
 * served under a repository only when the repository lists it here.
 *
 * @param tags      tag → manifest digest
 * @param manifests every manifest reachable from the tags (image manifests, indexes, artifact manifests)
 * @param blobs     config and layer blobs the manifests reference: digest → size
 */
public record OciRepository(Map<String, Digest> tags, Map<String, OciManifest> manifests,
                            Map<String, Long> blobs) {

    public OciRepository {
        tags = Collections.unmodifiableSortedMap(new TreeMap<>(tags == null ? Map.of() : tags));
        TreeMap<String, OciManifest> m = new TreeMap<>();
        if (manifests != null) manifests.forEach((d, v) -> m.put(Digest.parse(d).toString(), Objects.requireNonNull(v, d)));
        manifests = Collections.unmodifiableSortedMap(m);
        TreeMap<String, Long> b = new TreeMap<>();
        if (blobs != null) blobs.forEach((d, size) -> b.put(Digest.parse(d).toString(), Objects.requireNonNull(size, d)));
        blobs = Collections.unmodifiableSortedMap(b);
    }

    public static OciRepository empty() {
        return new OciRepository(null, null, null);
    }

    /** Add/replace semantics: tags of {@code other} win, manifests and blobs are united. */
    public OciRepository merge(OciRepository other) {
        TreeMap<String, Digest> t = new TreeMap<>(tags);
        t.putAll(other.tags);
        TreeMap<String, OciManifest> m = new TreeMap<>(manifests);
        m.putAll(other.manifests);
        TreeMap<String, Long> b = new TreeMap<>(blobs);
        b.putAll(other.blobs);
        return new OciRepository(t, m, b);
    }

    /** The same manifests and blobs, untagged: what {@code --replace} starts from before the input re-tags it. */
    public OciRepository withoutTags() {
        return new OciRepository(null, manifests, blobs);
    }

    /**
     * A manifest of a repository.
     *
     * @param mediaType the manifest's media type, served as its Content-Type
     * @param family    the artifact family that validated it ("oci" when none claims it)
     * @param metadata  what that family extracted (e.g. a Trivy DB's UpdatedAt)
     * @param publishedAt when the store first published it in this repository (null: before this was
     *                    recorded, or not yet published); retention keeps the newest untagged ones
     */
    public record OciManifest(String mediaType, long size, String family, Map<String, String> metadata,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Instant publishedAt) {
        public OciManifest(String mediaType, long size, String family, Map<String, String> metadata) {
            this(mediaType, size, family, metadata, null);
        }

        public OciManifest withPublishedAt(Instant value) {
            return java.util.Objects.equals(value, publishedAt) ? this : new OciManifest(mediaType, size, family, metadata, value);
        }

        public OciManifest {
            Objects.requireNonNull(mediaType, "mediaType");
            if (size < 0) throw new IllegalArgumentException("negative size");
            family = family == null || family.isBlank() ? "oci" : family;
            metadata = Collections.unmodifiableSortedMap(new TreeMap<>(metadata == null ? Map.of() : metadata));
        }
    }
}
