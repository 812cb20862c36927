package dev.ferry.metrics;

import dev.ferry.status.LiveStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Ferry's own meters, beside the HTTP request meters ({@link HttpRequestMeters}) in the same
 * registry. Conventions: base units, times as Unix timestamps in seconds
 * (alerts compute ages with {@code time()}), counters end in {@code _total}, and every label takes
 * a bounded set of values. Gauges are recomputed when the store changes, never per scrape.
 */
public final class FerryMetrics {
    private final PrometheusMeterRegistry registry;
    private final Counter fileBytesSent;
    private final Counter ociBytesSent;
    private final HttpRequestMeters http;

    public FerryMetrics(PrometheusMeterRegistry registry, LiveStatus status) {
        this.registry = registry;
        this.http = new HttpRequestMeters(registry);
        new CatalogMetrics(registry, status);
        new FreshnessMetrics(registry, status);
        new ActivityMetrics(registry, status.journal());
        fileBytesSent = Counter.builder("ferry.files.sent.bytes")
                .description("Body bytes of files sent (GET responses, full and partial)").register(registry);
        ociBytesSent = Counter.builder("ferry.oci.sent.bytes")
                .description("Body bytes of OCI manifests and blobs sent by the registry API").register(registry);
    }

    public static PrometheusMeterRegistry newRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The HTTP server's request meters. */
    public HttpRequestMeters http() {
        return http;
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
