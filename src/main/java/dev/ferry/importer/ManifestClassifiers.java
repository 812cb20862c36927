package dev.ferry.importer;

import dev.ferry.core.oci.ManifestDocument;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** The families' claims on OCI manifests, in order; whatever none claims is plain "oci". */
public final class ManifestClassifiers {
    public static final ManifestClassifiers NONE = new ManifestClassifiers(List.of());

    private final List<ManifestClassifier> classifiers;

    public ManifestClassifiers(List<ManifestClassifier> classifiers) {
        this.classifiers = List.copyOf(classifiers);
    }

    /** The classifiers an input was opened with (see {@link InputKinds#open}); none when it was opened directly. */
    public static ManifestClassifiers of(ImportOptions options) {
        return options.setting(ManifestClassifiers.class).orElse(NONE);
    }

    public Optional<ManifestClassifier.Classification> classify(ManifestDocument manifest, ManifestClassifier.Blobs blobs)
            throws IOException {
        for (ManifestClassifier c : classifiers) {
            Optional<ManifestClassifier.Classification> claimed = c.classify(manifest, blobs);
            if (claimed.isPresent()) return claimed;
        }
        return Optional.empty();
    }
}
