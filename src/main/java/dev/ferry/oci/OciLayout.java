package dev.ferry.oci;

import dev.ferry.core.oci.OciMediaTypes;
import dev.ferry.core.oci.OciJson;
import dev.ferry.core.oci.ManifestDocument;
import dev.ferry.core.oci.Descriptor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.Digest;
import dev.ferry.core.RejectedException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An OCI image layout (image-spec image-layout.md), read and checked: {@code oci-layout} names a
 * supported version, {@code index.json} is an index, and {@link #walk} follows manifests and
 * indexes so that every manifest is read, hash-checked and parsed, and every blob they reference
 * is present with the declared size. Blob contents are verified later, as they are streamed.
 */
public final class OciLayout {
    public static final String LAYOUT_FILE = "oci-layout";
    public static final String INDEX_FILE = "index.json";
    /** The manifest size limit, kept here for the readers of layouts. */
    public static final long MAX_MANIFEST_BYTES = ManifestDocument.MAX_BYTES;
    public static final long MAX_INDEX_BYTES = 16L << 20;
    static final int MAX_DEPTH = 8;
    static final int MAX_MANIFESTS = 10_000;

    private final LayoutSource source;
    private final List<Descriptor> index;

    private OciLayout(LayoutSource source, List<Descriptor> index) {
        this.source = source;
        this.index = List.copyOf(index);
    }

    public static OciLayout read(LayoutSource source) throws IOException {
        ObjectNode layout = OciJson.object(source.readSmall(LAYOUT_FILE, 64 << 10, "the oci-layout file"), LAYOUT_FILE);
        String version = OciJson.text(layout, "imageLayoutVersion", LAYOUT_FILE);
        if (!version.startsWith("1.")) throw new RejectedException(LAYOUT_FILE, "unsupported imageLayoutVersion '" + version + "'");
        ObjectNode idx = OciJson.object(source.readSmall(INDEX_FILE, MAX_INDEX_BYTES, "index.json"), INDEX_FILE);
        JsonNode schema = idx.get("schemaVersion");
        if (schema == null || !schema.isIntegralNumber() || schema.asLong() != 2) {
            throw new RejectedException(INDEX_FILE, "schemaVersion is not 2");
        }
        String mediaType = OciJson.optionalText(idx, "mediaType", INDEX_FILE);
        if (mediaType != null && !mediaType.equals(OciMediaTypes.IMAGE_INDEX)) {
            throw new RejectedException(INDEX_FILE, "mediaType '" + mediaType + "' is not an OCI image index");
        }
        JsonNode manifests = idx.get("manifests");
        if (!(manifests instanceof ArrayNode array)) throw new RejectedException(INDEX_FILE, "'manifests' is missing or not an array");
        List<Descriptor> descriptors = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            descriptors.add(Descriptor.parse(array.get(i), INDEX_FILE + " manifests[" + i + "]"));
        }
        return new OciLayout(source, descriptors);
    }

    public LayoutSource source() {
        return source;
    }

    /** The descriptors of index.json, in order. */
    public List<Descriptor> index() {
        return index;
    }

    public static String blobPath(Digest digest) {
        return "blobs/" + Digest.ALGORITHM + "/" + digest.hex();
    }

    /** Reads every manifest reachable from {@code roots} and checks every blob they need is there. */
    public Graph walk(Collection<Descriptor> roots) throws IOException {
        Map<Digest, ManifestDocument> manifests = new LinkedHashMap<>();
        Map<Digest, Descriptor> blobs = new TreeMap<>();
        Map<Digest, byte[]> embedded = new TreeMap<>();
        for (Descriptor root : roots) visit(root, INDEX_FILE, 0, manifests, blobs, embedded);
        return new Graph(manifests, blobs, embedded);
    }

    private void visit(Descriptor d, String parent, int depth, Map<Digest, ManifestDocument> manifests,
                       Map<Digest, Descriptor> blobs, Map<Digest, byte[]> embedded) throws IOException {
        String entry = parent + " → " + d.digest();
        if (OciMediaTypes.isSchema1(d.mediaType())) {
            throw new RejectedException(entry, "Docker schema 1 manifests are not supported");
        }
        ManifestDocument known = manifests.get(d.digest());
        if (known != null) {
            if (known.size() != d.size() || !known.mediaType().equals(d.mediaType())) {
                throw new RejectedException(entry, "referenced with different sizes or media types");
            }
            return;
        }
        if (depth > MAX_DEPTH) throw new RejectedException(entry, "indexes nested deeper than " + MAX_DEPTH);
        if (manifests.size() >= MAX_MANIFESTS) throw new RejectedException(entry, "more than " + MAX_MANIFESTS + " manifests");
        if (d.size() > MAX_MANIFEST_BYTES) {
            throw new RejectedException(entry, "manifest of " + d.size() + " bytes exceeds the limit of " + MAX_MANIFEST_BYTES);
        }
        byte[] content = read(d, entry);
        if (source.size(blobPath(d.digest())).isEmpty()) embedded.put(d.digest(), content);
        ManifestDocument doc = ManifestDocument.parse(d, content, blobPath(d.digest()));
        manifests.put(d.digest(), doc);
        for (Descriptor child : doc.children()) {
            if (OciMediaTypes.isManifest(child.mediaType()) || OciMediaTypes.isSchema1(child.mediaType())) {
                visit(child, blobPath(d.digest()), depth + 1, manifests, blobs, embedded);
            } else {
                requireBlob(child, blobPath(d.digest()), blobs, embedded);
            }
        }
        for (Descriptor blob : doc.blobs()) requireBlob(blob, blobPath(d.digest()), blobs, embedded);
    }

    private byte[] read(Descriptor d, String entry) throws IOException {
        byte[] content;
        if (source.size(blobPath(d.digest())).isPresent()) {
            checkSize(d, entry);
            content = source.readSmall(blobPath(d.digest()), MAX_MANIFEST_BYTES, "manifest");
        } else if (d.data() != null) {
            content = d.data();
        } else {
            throw new RejectedException(entry, "referenced manifest is missing from blobs/");
        }
        if (content.length != d.size()) throw new RejectedException(entry, "is " + content.length + " bytes, declared " + d.size());
        Digest actual = Digest.ofBytes(content);
        if (!actual.equals(d.digest())) throw new RejectedException(entry, "sha256 mismatch: content hashes to " + actual);
        return content;
    }

    private void requireBlob(Descriptor d, String parent, Map<Digest, Descriptor> blobs, Map<Digest, byte[]> embedded)
            throws RejectedException {
        String entry = parent + " → " + d.digest();
        Descriptor known = blobs.get(d.digest());
        if (known != null) {
            if (known.size() != d.size()) throw new RejectedException(entry, "referenced with sizes " + known.size() + " and " + d.size());
            return;
        }
        if (source.size(blobPath(d.digest())).isPresent()) {
            checkSize(d, entry);
        } else if (d.data() != null) {
            if (d.data().length != d.size() || !Digest.ofBytes(d.data()).equals(d.digest())) {
                throw new RejectedException(entry, "embedded data does not match the descriptor's digest and size");
            }
            embedded.put(d.digest(), d.data());
        } else {
            throw new RejectedException(entry, "referenced blob is missing from blobs/");
        }
        blobs.put(d.digest(), d);
    }

    private void checkSize(Descriptor d, String entry) throws RejectedException {
        OptionalLong actual = source.size(blobPath(d.digest()));
        if (actual.isPresent() && actual.getAsLong() != d.size()) {
            throw new RejectedException(entry, "declared size " + d.size() + " but " + blobPath(d.digest()) + " has "
                    + actual.getAsLong() + " bytes");
        }
    }

    /**
     * What a walk found: manifests (in discovery order), the other blobs they reference, and the
     * content of those absent from blobs/ but embedded in a descriptor's {@code data}.
     */
    public record Graph(Map<Digest, ManifestDocument> manifests, Map<Digest, Descriptor> blobs, Map<Digest, byte[]> embedded) {
        /** Everything reachable from {@code root}: manifest digests and blob digests. */
        public Reach reach(Digest root) {
            Set<Digest> m = new TreeSet<>();
            Set<Digest> b = new TreeSet<>();
            collect(root, m, b);
            return new Reach(m, b);
        }

        private void collect(Digest digest, Set<Digest> m, Set<Digest> b) {
            ManifestDocument doc = manifests.get(digest);
            if (doc == null || !m.add(digest)) return;
            for (Descriptor child : doc.children()) {
                if (manifests.containsKey(child.digest())) collect(child.digest(), m, b);
                else b.add(child.digest());
            }
            doc.blobs().forEach(x -> b.add(x.digest()));
        }
    }

    public record Reach(Set<Digest> manifests, Set<Digest> blobs) {
    }
}
