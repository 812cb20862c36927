package dev.ferry.importer;

import dev.ferry.core.oci.ManifestDocument;
import dev.ferry.core.oci.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A family's claim on OCI manifests by their content (e.g. a Trivy DB by its layer media type).
 * The first classifier that claims a manifest decides its family and metadata; a classifier
 * refuses a manifest it claims but cannot accept by throwing RejectedException.
 */
public interface ManifestClassifier {

    Optional<Classification> classify(ManifestDocument manifest, Blobs blobs) throws IOException;

    /**
     * @param aliases further repository → tags this manifest is published under (well-known names
     *                its clients ask for); the same blobs, no copy
     */
    record Classification(String family, Map<String, String> metadata, Map<String, List<String>> aliases) {
        public Classification {
            metadata = Map.copyOf(metadata);
            aliases = Map.copyOf(aliases);
        }
    }

    /** Read access to the layout's blobs; every stream fails at its end unless the bytes match the descriptor. */
    interface Blobs {
        InputStream open(Descriptor blob) throws IOException;
    }
}
