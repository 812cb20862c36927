package dev.ferry.metrics;

import dev.ferry.status.LiveStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Ferry's own meters, beside the Vert.x HTTP meters in the same registry (whose labels
 * {@link HttpLabels} keeps bounded). Conventions: base units, times as Unix timestamps in seconds
 * (alerts compute ages with {@code time()}), counters end in {@code _total}, and every label takes
 * a bounded set of values. Gauges are recomputed when the store changes, never per scrape.
 */
public final class FerryMetrics {
    private final PrometheusMeterRegistry registry;
    private final Counter fileBytesSent;
    private final Counter ociBytesSent;

    public FerryMetrics(PrometheusMeterRegistry registry, LiveStatus status) {
        this.registry = registry;
        new CatalogMetrics(registry, status);
        new FreshnessMetrics(registry, status);
        new ActivityMetrics(registry, status.journal());
        fileBytesSent = Counter.builder("ferry.files.sent.bytes")
                .description("Body bytes of files sent (GET responses, full and partial)").register(registry);
        ociBytesSent = Counter.builder("ferry.oci.sent.bytes")
                .description("Body bytes of OCI manifests and blobs sent by the registry API").register(registry);
    }

    /** A registry whose HTTP meters have bounded labels; create it before Vert.x so every meter is filtered. */
    public static PrometheusMeterRegistry newRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HttpLabels.bound(registry);
        return registry;
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

    /** A time as a gauge value: Unix seconds, 0 for "never". */
    static double epochSeconds(java.time.Instant time) {
        return time == null ? Double.NaN : time.toEpochMilli() / 1000.0; // NaN = never: 0 would read as 1970
    }
}
