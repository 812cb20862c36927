package dev.ferry.oci;

import dev.ferry.trivy.TrivyDbClassifier;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** The families that claim OCI manifests; whatever none claims is plain "oci". */
public final class ManifestClassifiers {
    private static final List<ManifestClassifier> CLASSIFIERS = List.of(new TrivyDbClassifier(),
            new dev.ferry.falco.FalcoArtifactClassifier());

    private ManifestClassifiers() {
    }

    public static Optional<ManifestClassifier.Classification> classify(ManifestDocument manifest,
                                                                       ManifestClassifier.Blobs blobs) throws IOException {
        for (ManifestClassifier c : CLASSIFIERS) {
            Optional<ManifestClassifier.Classification> claimed = c.classify(manifest, blobs);
            if (claimed.isPresent()) return claimed;
        }
        return Optional.empty();
    }
}
