package dev.ferry.family;

import dev.ferry.config.FerryConfig;
import dev.ferry.metrics.FerryMetrics;
import dev.ferry.serving.BlobResponder;
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
    private final BlobResponder responder;

    public ServerContext(LiveCatalog catalog, FerryConfig config, MeterRegistry meters) {
        this(catalog, config, meters, new ConcurrentHashMap<>(), null, null);
    }

    private ServerContext(LiveCatalog catalog, FerryConfig config, MeterRegistry meters, Map<Class<?>, Object> shared,
                          FerryMetrics metrics, BlobResponder responder) {
        this.catalog = catalog;
        this.config = config;
        this.meters = meters;
        this.shared = shared;
        this.metrics = metrics;
        this.responder = responder;
    }

    /**
     * The same context (and shared state) for building routes: with the server's own metrics, which
     * need the status sections first, and the responder every route answers through.
     */
    public ServerContext forRoutes(FerryMetrics serverMetrics, BlobResponder serverResponder) {
        return new ServerContext(catalog, config, meters, shared, serverMetrics, serverResponder);
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

    /** The one responder (byte ranges, preconditions, HEAD) every route answers through; available to {@link Family#endpoints}. */
    public BlobResponder responder() {
        if (responder == null) throw new IllegalStateException("the responder is made for the routes");
        return responder;
    }

    /** This server's one instance of {@code type}, made by {@code create} on first use. */
    public <T> T shared(Class<T> type, Supplier<T> create) {
        // not computeIfAbsent: a supplier may itself ask for shared state (Falco's meters need its
        // wanted list), and a nested computeIfAbsent on one map fails whenever the keys share a bin
        synchronized (shared) {
            Object existing = shared.get(type);
            if (existing != null) return type.cast(existing);
            T created = create.get();
            Object raced = shared.putIfAbsent(type, created);
            return type.cast(raced != null ? raced : created);
        }
    }
}
