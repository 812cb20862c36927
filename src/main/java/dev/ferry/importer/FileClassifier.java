package dev.ferry.importer;

import dev.ferry.core.RejectedException;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A family's claim on plain files by their path (e.g. Falco drivers under {@code driver/}).
 * The first classifier that claims a file decides its family, media type and metadata; a
 * classifier refuses a file it claims but cannot accept by throwing.
 */
public interface FileClassifier {

    /**
     * @param path the file's catalog path as it will be published
     * @return empty when the file is not this family's
     */
    Optional<Classification> classify(String path, ImportOptions options) throws RejectedException;

    /**
     * @param alsoAt further catalog paths the same file is published at (a family's second URL
     *               layout); the same blob, no copy
     */
    record Classification(String family, String mediaType, Map<String, String> metadata, List<String> alsoAt) {
        public Classification {
            metadata = Map.copyOf(metadata);
            alsoAt = List.copyOf(alsoAt);
        }

        public Classification(String family, String mediaType, Map<String, String> metadata) {
            this(family, mediaType, metadata, List.of());
        }
    }
}
