package dev.ferry.importer;

import dev.ferry.store.FileEntry;
import dev.ferry.store.OciRepository;

import java.util.Comparator;
import java.util.Optional;

/**
 * A family's way of telling whether what an import serves in place of an artifact is older: a
 * Trivy DB by its UpdatedAt, a plugin or falcoctl artifact by its version. The store knows no
 * families; {@link DowngradeGuard} asks each registered rule ({@link FreshnessRules}).
 */
public interface FreshnessRule {

    /** Where the manifest {@code repository:tag} points stands in its line, or empty when this rule does not judge it. */
    default Optional<Position> ofTag(String repository, String tag, OciRepository.OciManifest manifest) {
        return Optional.empty();
    }

    /** Where the file at {@code path} stands in its line, or empty when this rule does not judge it. */
    default Optional<Position> ofFile(String path, FileEntry entry) {
        return Optional.empty();
    }

    /**
     * @param line  what must not go back, named for the admin ("aquasec/trivy-db:2", "OpenSearch plugin repository-s3")
     * @param what  the quantity compared ("UpdatedAt", "version")
     * @param value its value here
     * @param order how values of this line compare (older first)
     */
    record Position(String line, String what, String value, Comparator<String> order) {
    }
}
