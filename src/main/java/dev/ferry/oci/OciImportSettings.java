package dev.ferry.oci;

/**
 * What an OCI layout import needs beyond the shared options.
 *
 * @param repository the repository a single-repository layout is published as ({@code --repository});
 *                   null = taken from the layout's ref names
 */
public record OciImportSettings(String repository) {
    public OciImportSettings {
        repository = repository == null || repository.isBlank() ? null : repository;
    }
}
