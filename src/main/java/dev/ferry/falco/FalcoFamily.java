package dev.ferry.falco;

import dev.ferry.config.SettingsSection;
import dev.ferry.family.Family;
import dev.ferry.family.ServerContext;
import dev.ferry.importer.FileClassifier;
import dev.ferry.importer.FreshnessRule;
import dev.ferry.importer.InputKind;
import dev.ferry.importer.ManifestClassifier;
import dev.ferry.oci.OciFamily;
import dev.ferry.serving.CatalogRoute;
import dev.ferry.serving.Endpoint;
import dev.ferry.status.StatusSection;
import dev.ferry.store.Generation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Falco: driver trees (kernel modules, eBPF probes), falcoctl indexes and their OCI artifacts
 * (rules, plugins). The driver and index routes list the images the OCI family's registry missed
 * beside the drivers, so this family builds on the OCI one.
 */
public final class FalcoFamily implements Family {
    /** The status section of the drivers clients asked for and did not get. */
    public static final String WANTED = "wanted";

    @Override
    public String name() {
        return DriverClassifier.FAMILY;
    }

    @Override
    public List<InputKind> inputKinds() {
        return List.of(new IndexInput.Kind());
    }

    @Override
    public List<FileClassifier> fileClassifiers() {
        return List.of(new DriverClassifier());
    }

    @Override
    public List<ManifestClassifier> manifestClassifiers() {
        return List.of(new FalcoArtifactClassifier());
    }

    @Override
    public List<FreshnessRule> freshnessRules() {
        return List.of(new FalcoArtifactFreshness());
    }

    @Override
    public Optional<SettingsSection<?>> settings() {
        return Optional.of(FalcoSettings.SECTION);
    }

    private static WantedList wanted(ServerContext server) {
        return server.shared(WantedList.class, () -> new WantedList(server.settings(FalcoSettings.class).wantedCapacity()));
    }

    private static FalcoMetrics metrics(ServerContext server) {
        return server.shared(FalcoMetrics.class, () -> new FalcoMetrics(server.meters(), server.catalog(), wanted(server)));
    }

    @Override
    public void meters(ServerContext server) {
        metrics(server);
    }

    @Override
    public List<StatusSection> statusSections(ServerContext server) {
        WantedList wanted = wanted(server);
        return List.of(new StatusSection() {
            @Override
            public String key() {
                return WANTED;
            }

            @Override
            public List<Map<String, Object>> entries(Generation served) {
                if (served == null) return List.of();
                return wanted.snapshot().stream().filter(w -> !served.files().containsKey(w.lastRequested()))
                        .map(FalcoFamily::json).toList();
            }
        });
    }

    private static Map<String, Object> json(WantedList.Wanted w) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("path", w.path());
        json.put("driverVersion", w.where().driverVersion());
        json.put("arch", w.where().arch());
        json.put("target", w.name().target());
        json.put("kernelRelease", w.name().kernelRelease());
        json.put("kernelVersion", w.name().kernelVersion());
        json.put("requests", w.requests());
        json.put("lastSeen", w.lastSeen());
        return json;
    }

    @Override
    public List<Endpoint> endpoints(ServerContext server) {
        return List.of(endpoint(server));
    }

    @Override
    public List<CatalogRoute> catalogRoutes(ServerContext server) {
        return List.of(endpoint(server));
    }

    private static FalcoEndpoint endpoint(ServerContext server) {
        return server.shared(FalcoEndpoint.class, () -> new FalcoEndpoint(server.catalog(), wanted(server),
                OciFamily.wantedImages(server), metrics(server), server.responder(),
                server.config().server().publicAuthority(), server.settings(FalcoSettings.class).stripSignatures()));
    }
}
