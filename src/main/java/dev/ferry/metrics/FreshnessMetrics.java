package dev.ferry.metrics;

import dev.ferry.status.Artifact;
import dev.ferry.status.CatalogView;
import dev.ferry.status.LiveStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Upstream freshness of the served content, as the content itself states it (never file times):
 * {@code ferry_artifact_updated_timestamp_seconds{family,name}} for every artifact that carries an
 * update time (the newest served under each name), and for Trivy's databases, per repository and
 * tag clients pull, {@code ferry_trivy_db_updated_timestamp_seconds} and
 * {@code ferry_trivy_db_next_update_timestamp_seconds} (metadata.json UpdatedAt / NextUpdate).
 */
final class FreshnessMetrics {
    static final String TRIVY = "trivy";

    private final MultiGauge artifactUpdated;
    private final MultiGauge trivyUpdated;
    private final MultiGauge trivyNextUpdate;

    FreshnessMetrics(MeterRegistry registry, LiveStatus status) {
        artifactUpdated = MultiGauge.builder("ferry.artifact.updated.timestamp").baseUnit("seconds")
                .description("Upstream update time the served content states (e.g. a Trivy DB's UpdatedAt), "
                        + "newest served under each name, Unix seconds")
                .register(registry);
        trivyUpdated = MultiGauge.builder("ferry.trivy.db.updated.timestamp").baseUnit("seconds")
                .description("UpdatedAt of the Trivy DB (or Java DB) served under each repository and tag: "
                        + "when upstream built it, Unix seconds")
                .register(registry);
        trivyNextUpdate = MultiGauge.builder("ferry.trivy.db.next.update.timestamp").baseUnit("seconds")
                .description("NextUpdate of the Trivy DB (or Java DB) served under each repository and tag: after it, "
                        + "Trivy clients that check consider it stale and download it again, Unix seconds")
                .register(registry);
        status.onChange(this::update);
    }

    private void update(CatalogView view) {
        List<MultiGauge.Row<?>> updated = new ArrayList<>();
        Set<List<String>> named = new HashSet<>();
        List<MultiGauge.Row<?>> trivy = new ArrayList<>();
        List<MultiGauge.Row<?>> trivyNext = new ArrayList<>();
        for (Artifact a : view.dated()) { // newest first within a name
            if (named.add(List.of(a.family(), a.name()))) {
                updated.add(MultiGauge.Row.of(Tags.of("family", a.family(), "name", a.name()), FerryMetrics.epochSeconds(a.updatedAt())));
            }
            if (!TRIVY.equals(a.family()) || !Artifact.OCI.equals(a.kind())) continue;
            for (String reference : a.servedAs()) {
                int colon = reference.lastIndexOf(':');
                Tags tags = Tags.of("repository", reference.substring(0, colon), "tag", reference.substring(colon + 1));
                trivy.add(MultiGauge.Row.of(tags, FerryMetrics.epochSeconds(a.updatedAt())));
                if (a.nextUpdate() != null) trivyNext.add(MultiGauge.Row.of(tags, FerryMetrics.epochSeconds(a.nextUpdate())));
            }
        }
        artifactUpdated.register(updated, true);
        trivyUpdated.register(trivy, true);
        trivyNextUpdate.register(trivyNext, true);
    }
}
