package dev.ferry.store;

import dev.ferry.core.Json;
import dev.ferry.core.Digest;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What one OCI manifest points at, read from its JSON: the manifests an index lists, and the
 * config and layer blobs (also of artifact and Docker schema 1 manifests). Retention needs no more.
 */
record ManifestLinks(Set<String> manifests, Set<String> blobs) {

    static ManifestLinks read(InputStream in) throws IOException {
        JsonNode doc = Json.MAPPER.readTree(in);
        if (doc == null || !doc.isObject()) throw new IOException("not a JSON object");
        Set<String> manifests = new LinkedHashSet<>();
        Set<String> blobs = new LinkedHashSet<>();
        digests(doc.path("manifests"), "digest", manifests);
        if (doc.path("config").has("digest")) blobs.add(Digest.parse(doc.path("config").path("digest").asText()).toString());
        digests(doc.path("layers"), "digest", blobs);
        digests(doc.path("blobs"), "digest", blobs);
        digests(doc.path("fsLayers"), "blobSum", blobs);
        return new ManifestLinks(manifests, blobs);
    }

    private static void digests(JsonNode array, String field, Set<String> into) {
        for (JsonNode d : array) into.add(Digest.parse(d.path(field).asText()).toString());
    }
}
