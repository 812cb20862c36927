package dev.ferry.family;

import dev.ferry.config.FerryConfig;
import dev.ferry.metrics.FerryMetrics;
import dev.ferry.store.LiveCatalog;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What a family's serving side is built from, once per server: the live catalog, the
 * configuration, the meter registry, and state it shares with its own routes, meters and status
 * section (or with another family's, e.g. the registry's wanted images) through {@link #shared}.
 */
public final class ServerContext {
    private final LiveCatalog catalog;
    private final FerryConfig config;
    private final MeterRegistry meters;
    private final Map<Class<?>, Object> shared;
    private final FerryMetrics metrics;

    public ServerContext(LiveCatalog catalog, FerryConfig config, MeterRegistry meters) {
        this(catalog, config, meters, new ConcurrentHashMap<>(), null);
    }

    private ServerContext(LiveCatalog catalog, FerryConfig config, MeterRegistry meters, Map<Class<?>, Object> shared,
                          FerryMetrics metrics) {
        this.catalog = catalog;
        this.config = config;
        this.meters = meters;
        this.shared = shared;
        this.metrics = metrics;
    }

    /** The same context (and shared state) once the server's own metrics exist, which need the status sections first. */
    public ServerContext withMetrics(FerryMetrics serverMetrics) {
        return new ServerContext(catalog, config, meters, shared, serverMetrics);
    }

    public LiveCatalog catalog() {
        return catalog;
    }

    public FerryConfig config() {
        return config;
    }

    /** A family's own settings (its section of the configuration). */
    public <T> T settings(Class<T> type) {
        return config.settings(type);
    }

    public MeterRegistry meters() {
        return meters;
    }

    /** The server's request and byte counters; available to {@link Family#endpoints}. */
    public FerryMetrics metrics() {
        if (metrics == null) throw new IllegalStateException("the server metrics are built after the status sections");
        return metrics;
    }

    /** This server's one instance of {@code type}, made by {@code create} on first use. */
    public <T> T shared(Class<T> type, Supplier<T> create) {
        return type.cast(shared.computeIfAbsent(type, t -> create.get()));
    }
}
