package dev.ferry.oci;

import dev.ferry.family.Family;
import dev.ferry.family.ServerContext;
import dev.ferry.importer.InputKind;
import dev.ferry.serving.Endpoint;
import dev.ferry.status.StatusSection;
import dev.ferry.store.Generation;

import java.util.List;
import java.util.Map;

/** OCI content (images, artifacts) from image layouts, served by the distribution API under {@code /v2/}. */
public final class OciFamily implements Family {
    /** The status section of the images clients asked for and did not get. */
    public static final String WANTED_IMAGES = "wantedImages";

    @Override
    public String name() {
        return "oci";
    }

    @Override
    public List<InputKind> inputKinds() {
        return List.of(new OciLayoutInput.Kind());
    }

    /** This server's wanted images, which the Falco family lists beside its drivers too. */
    public static WantedImages wantedImages(ServerContext server) {
        return server.shared(WantedImages.class, () -> new WantedImages(WantedImages.DEFAULT_CAPACITY));
    }

    private static ManifestMisses misses(ServerContext server) {
        return server.shared(ManifestMisses.class, () -> new ManifestMisses(server.meters()));
    }

    @Override
    public void meters(ServerContext server) {
        misses(server);
    }

    @Override
    public List<StatusSection> statusSections(ServerContext server) {
        WantedImages images = wantedImages(server);
        return List.of(new StatusSection() {
            @Override
            public String key() {
                return WANTED_IMAGES;
            }

            @Override
            public List<Map<String, Object>> entries(Generation served) {
                if (served == null) return List.of();
                return images.snapshot().stream().filter(w -> !WantedImages.servedNow(served, w))
                        .map(w -> Map.<String, Object>of("reference", w.reference(), "requests", w.requests(), "lastSeen", w.lastSeen()))
                        .toList();
            }
        });
    }

    @Override
    public List<Endpoint> endpoints(ServerContext server) {
        return List.of(new RegistryEndpoint(server.catalog(), server.metrics(), server.responder(), wantedImages(server),
                misses(server)));
    }
}
