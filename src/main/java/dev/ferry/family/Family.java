package dev.ferry.family;

import dev.ferry.config.SettingsSection;
import dev.ferry.importer.FileClassifier;
import dev.ferry.importer.FreshnessRule;
import dev.ferry.importer.InputKind;
import dev.ferry.importer.ManifestClassifier;
import dev.ferry.serving.CatalogRoute;
import dev.ferry.serving.Endpoint;
import dev.ferry.status.StatusSection;

import java.util.List;
import java.util.Optional;

/**
 * One kind of artifact Ferry carries (Falco drivers, OpenSearch plugins, Trivy DBs, OCI images):
 * everything it adds to import, serving and configuration comes through here, and the
 * application lists the families in one place. Each method contributes nothing by default, so a
 * family implements what it has. See artifacts-layout/families.md.
 */
public interface Family {
    /** The family's name, as written into the catalog entries it classifies. */
    String name();

    /** The inputs it reads, in detection order (most specific first). */
    default List<InputKind> inputKinds() {
        return List.of();
    }

    /** Its claims on plain files (e.g. a driver by its path). */
    default List<FileClassifier> fileClassifiers() {
        return List.of();
    }

    /** Its claims on OCI manifests (e.g. a Trivy DB by its layer media type). */
    default List<ManifestClassifier> manifestClassifiers() {
        return List.of();
    }

    /** How it tells whether an import would make a served artifact older (refused unless allowed). */
    default List<FreshnessRule> freshnessRules() {
        return List.of();
    }

    /** Its configuration section: a top-level key, its type, defaults and check. */
    default Optional<SettingsSection<?>> settings() {
        return Optional.empty();
    }

    /** Meters it registers on {@code server.meters()}; called once per server. */
    default void meters(ServerContext server) {
    }

    /** Its sections of the status report; called once per server. */
    default List<StatusSection> statusSections(ServerContext server) {
        return List.of();
    }

    /**
     * Its route groups; called once per server, after {@link #meters} and {@link #statusSections}.
     * They are registered in family order, after the server's own and before the catch-all file routes.
     */
    default List<Endpoint> endpoints(ServerContext server) {
        return List.of();
    }

    /**
     * Its say over requests for catalog paths, asked before the file route answers; called once
     * per server, like {@link #endpoints}.
     */
    default List<CatalogRoute> catalogRoutes(ServerContext server) {
        return List.of();
    }
}
