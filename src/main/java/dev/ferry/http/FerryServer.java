package dev.ferry.http;

import dev.ferry.config.FerryConfig;
import dev.ferry.metrics.FerryMetrics;
import dev.ferry.opensearch.PluginMetrics;
import dev.ferry.store.LiveCatalog;
import dev.ferry.store.Store;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The running server: Vert.x with metrics, the live catalog refreshed on a timer, and one HTTP
 * verticle per event loop. Building this is the only place endpoint order is decided.
 */
public final class FerryServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FerryServer.class);

    private final Vertx vertx;
    private final LiveCatalog catalog;
    private final FerryMetrics metrics;
    private final int port;

    private FerryServer(Vertx vertx, LiveCatalog catalog, FerryMetrics metrics, int port) {
        this.vertx = vertx;
        this.catalog = catalog;
        this.metrics = metrics;
        this.port = port;
    }

    /** Loads the catalog and starts listening; returns once the port is bound. */
    public static FerryServer start(FerryConfig config, Store store) throws IOException {
        var registry = FerryMetrics.newRegistry();
        VertxOptions options = new VertxOptions()
                .setFileSystemOptions(new FileSystemOptions().setClassPathResolvingEnabled(false).setFileCachingEnabled(false))
                .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
                        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
        Vertx vertx = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry)).build();
        try {
            LiveCatalog catalog = new LiveCatalog(store);
            FerryMetrics metrics = new FerryMetrics(registry, catalog);
            new PluginMetrics(registry, catalog, config.opensearch().clusterVersion());
            catalog.refresh();
            List<Endpoint> endpoints = List.of(
                    new HealthEndpoint(catalog),
                    new MetricsEndpoint(metrics),
                    new FileEndpoint(catalog, metrics)); // last: it answers every remaining path
            AtomicReference<HttpServerVerticle> first = new AtomicReference<>();
            int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
            vertx.deployVerticle(() -> {
                HttpServerVerticle v = new HttpServerVerticle(config.server(), endpoints);
                first.compareAndSet(null, v);
                return v;
            }, new DeploymentOptions().setInstances(instances)).await(30, TimeUnit.SECONDS);
            long interval = config.store().reloadInterval().toMillis();
            vertx.setPeriodic(interval, id -> vertx.executeBlocking(catalog::refresh).onComplete(r -> {
                if (r.failed()) LOG.warn("cannot load the current generation: {}", r.cause().getMessage());
                else if (Boolean.TRUE.equals(r.result())) LOG.info("now serving generation {}", catalog.current().number());
            }));
            return new FerryServer(vertx, catalog, metrics, first.get().actualPort());
        } catch (TimeoutException | RuntimeException e) {
            vertx.close();
            throw new IOException("cannot start the server on " + config.server().host() + ":" + config.server().port()
                    + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    public LiveCatalog catalog() {
        return catalog;
    }

    public FerryMetrics metrics() {
        return metrics;
    }

    public Vertx vertx() {
        return vertx;
    }

    @Override
    public void close() {
        try {
            vertx.close().await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("server did not stop cleanly: {}", e.getMessage());
        }
    }
}
