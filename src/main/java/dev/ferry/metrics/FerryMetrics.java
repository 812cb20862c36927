package dev.ferry.metrics;

import dev.ferry.oci.OciStatus;
import dev.ferry.store.FileEntry;
import dev.ferry.store.Generation;
import dev.ferry.store.LiveCatalog;
import dev.ferry.store.StoreStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ferry's own meters, beside the Vert.x HTTP meters in the same registry. Catalog gauges are
 * recomputed when a new generation is loaded, never per scrape.
 */
public final class FerryMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(FerryMetrics.class);

    private final PrometheusMeterRegistry registry;
    private final MultiGauge entriesByFamily;
    private final MultiGauge contentUpdated;
    private final MultiGauge contentNextUpdate;
    private final AtomicLong storeBytes = new AtomicLong();
    private final AtomicLong catalogBytes = new AtomicLong();
    private final Counter fileBytesSent;
    private final Counter ociBytesSent;

    public FerryMetrics(PrometheusMeterRegistry registry, LiveCatalog catalog) {
        this.registry = registry;
        Gauge.builder("ferry.catalog.generation", catalog, c -> c.current() == null ? 0 : c.current().number())
                .description("Number of the catalog generation being served").register(registry);
        Gauge.builder("ferry.catalog.bytes", catalogBytes, AtomicLong::get)
                .description("Bytes of the distinct blobs the served generation references").register(registry);
        Gauge.builder("ferry.store.bytes", storeBytes, AtomicLong::get)
                .description("Bytes of all blobs in the store, including those only older generations need").register(registry);
        entriesByFamily = MultiGauge.builder("ferry.catalog.entries")
                .description("Paths the served generation publishes, by artifact family").register(registry);
        contentUpdated = MultiGauge.builder("ferry.content.updated").baseUnit("seconds")
                .description("Upstream UpdatedAt of served content that carries one (e.g. a Trivy DB), epoch seconds")
                .register(registry);
        contentNextUpdate = MultiGauge.builder("ferry.content.next.update").baseUnit("seconds")
                .description("Upstream NextUpdate of served content: after it, clients consider their copy stale, epoch seconds")
                .register(registry);
        fileBytesSent = Counter.builder("ferry.files.sent.bytes")
                .description("Body bytes of files sent (GET responses, full and partial)").register(registry);
        ociBytesSent = Counter.builder("ferry.oci.sent.bytes")
                .description("Body bytes of OCI manifests and blobs sent by the registry API").register(registry);
        catalog.onChange(g -> update(g, catalog));
    }

    public static PrometheusMeterRegistry newRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public void fileBytesSent(long bytes) {
        fileBytesSent.increment(bytes);
    }

    public void ociBytesSent(long bytes) {
        ociBytesSent.increment(bytes);
    }

    private static double epochSeconds(String instant) {
        return java.time.Instant.parse(instant).toEpochMilli() / 1000.0;
    }

    private void update(Generation g, LiveCatalog catalog) {
        Map<String, Integer> counts = new TreeMap<>();
        for (FileEntry e : g.files().values()) counts.merge(e.family(), 1, Integer::sum);
        List<MultiGauge.Row<?>> rows = counts.entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("family", e.getKey()), e.getValue()))
                .collect(java.util.stream.Collectors.toList());
        entriesByFamily.register(rows, true);
        List<MultiGauge.Row<?>> updated = new java.util.ArrayList<>();
        List<MultiGauge.Row<?>> next = new java.util.ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (OciStatus.Dated d : OciStatus.of(g).dated()) { // newest first for each name
            if (!seen.add(d.family() + "/" + d.name())) continue;
            Tags tags = Tags.of("family", d.family(), "name", d.name());
            updated.add(MultiGauge.Row.of(tags, epochSeconds(d.metadata().get("updatedAt"))));
            if (d.metadata().containsKey("nextUpdate")) {
                next.add(MultiGauge.Row.of(tags, epochSeconds(d.metadata().get("nextUpdate"))));
            }
        }
        contentUpdated.register(updated, true);
        contentNextUpdate.register(next, true);
        catalogBytes.set(g.referencedBytes());
        try {
            storeBytes.set(StoreStatus.of(catalog.store()).bytes());
        } catch (IOException e) {
            LOG.warn("cannot measure store size: {}", e.getMessage());
        }
    }
}
