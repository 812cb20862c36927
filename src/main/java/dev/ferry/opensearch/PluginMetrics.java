package dev.ferry.opensearch;

import dev.ferry.store.Generation;
import dev.ferry.store.LiveCatalog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ferry_opensearch_plugin_info{name,version,opensearch_version}} = 1 per published plugin,
 * and, when the cluster version is configured, {@code ferry_opensearch_plugins_incompatible}: how
 * many published plugins that cluster would refuse (a refused plugin crash-loops the pod).
 * Recomputed when a generation is loaded, never per scrape.
 */
public final class PluginMetrics {
    private final MultiGauge info;
    private final Optional<OpenSearchVersion> cluster;
    private final AtomicInteger incompatible = new AtomicInteger();

    public PluginMetrics(MeterRegistry registry, LiveCatalog catalog, String clusterVersion) {
        this.cluster = PublishedPlugin.clusterVersion(clusterVersion);
        info = MultiGauge.builder("ferry.opensearch.plugin.info")
                .description("OpenSearch plugins served (value 1), with the OpenSearch version or range each is built for")
                .register(registry);
        cluster.ifPresent(v -> Gauge.builder("ferry.opensearch.plugins.incompatible", incompatible, AtomicInteger::get)
                .description("Served OpenSearch plugins that the configured cluster version (opensearch.clusterVersion) would refuse")
                .tags("cluster_version", v.toString()).register(registry));
        catalog.onChange(this::update);
    }

    private void update(Generation g) {
        List<PublishedPlugin> plugins = PublishedPlugin.in(g);
        info.register(plugins.stream().map(p -> Tags.of("name", p.name(), "version", p.version(), "opensearch_version", p.opensearch()))
                .distinct().<MultiGauge.Row<?>>map(t -> MultiGauge.Row.of(t, 1)).toList(), true);
        cluster.ifPresent(v -> incompatible.set((int) plugins.stream().filter(p -> p.refusedBy(v).isPresent()).count()));
    }
}
