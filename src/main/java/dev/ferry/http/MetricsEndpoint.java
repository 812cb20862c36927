package dev.ferry.http;

import dev.ferry.serving.Endpoint;
import dev.ferry.metrics.FerryMetrics;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;

/** {@code /metrics} in the Prometheus text format. */
public final class MetricsEndpoint implements Endpoint {
    private final FerryMetrics metrics;

    public MetricsEndpoint(FerryMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void register(Router router) {
        router.get("/metrics").handler(PrometheusScrapingHandler.create(metrics.registry()));
    }
}
