package dev.ferry.http;

import dev.ferry.serving.Endpoint;
import dev.ferry.admin.TokenRegistry;
import dev.ferry.config.FerryConfig;
import dev.ferry.config.ServerSettings;
import dev.ferry.family.Families;
import dev.ferry.family.ServerContext;
import dev.ferry.metrics.FerryMetrics;
import dev.ferry.status.LiveStatus;
import dev.ferry.store.LiveCatalog;
import dev.ferry.store.Scrubber;
import dev.ferry.store.Store;
import dev.ferry.tls.TlsMaterial;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The running server: Vert.x with metrics, the live catalog refreshed on a timer, and one HTTP
 * verticle per event loop. Building this is the only place endpoint order is decided.
 */
public final class FerryServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FerryServer.class);

    private final Vertx vertx;
    private final LiveStatus status;
    private final FerryMetrics metrics;
    private final int port;
    private final int httpsPort;
    private final CertificateReloader certificates;
    private final Scrubber scrubber;

    private FerryServer(Vertx vertx, LiveStatus status, FerryMetrics metrics, int port, int httpsPort,
                        CertificateReloader certificates, Scrubber scrubber) {
        this.vertx = vertx;
        this.status = status;
        this.scrubber = scrubber;
        this.metrics = metrics;
        this.port = port;
        this.httpsPort = httpsPort;
        this.certificates = certificates;
    }

    /**
     * Loads the catalog and starts listening; returns once the port is bound.
     *
     * @param uploads  what {@code POST /api/v1/imports} feeds uploads to; null = uploads refused
     * @param families what the server serves beyond plain files: their meters, status sections and routes
     */
    public static FerryServer start(FerryConfig config, Store store, UploadImporter uploads, Families families) throws IOException {
        TlsMaterial tls = config.tls().enabled() ? TlsMaterial.load(config.tls()) : null;
        TokenRegistry tokens = config.admin().enabled() ? new TokenRegistry(Path.of(config.admin().tokens())) : null;
        if (tokens != null) tokens.refresh();
        var registry = FerryMetrics.newRegistry();
        VertxOptions options = new VertxOptions()
                .setPreferNativeTransport(true) // epoll where available; NIO otherwise, with the same behaviour
                .setFileSystemOptions(new FileSystemOptions().setClassPathResolvingEnabled(false).setFileCachingEnabled(false))
                .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
                        // requests are measured by HttpRequestMeters: Vert.x's meters were looked up by tags per request
                        .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)
                        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
        Vertx vertx = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry)).build();
        if (!vertx.isNativeTransportEnabled()) {
            LOG.info("native transport unavailable, using NIO: {}", String.valueOf(vertx.unavailableNativeTransportCause()));
        }
        try {
            LiveCatalog catalog = new LiveCatalog(store);
            ServerContext context = new ServerContext(catalog, config, registry);
            families.meters(context);
            LiveStatus status = new LiveStatus(catalog, families.statusSections(context), config.store().keepGenerations());
            FerryMetrics metrics = new FerryMetrics(registry, status);
            status.refresh();
            // blobs on object storage are relayed from presigned URLs by Vert.x's own client, one for the whole server
            var relay = store.blobs().remoteReads().map(reads -> new dev.ferry.serving.RemoteRelay(vertx, reads)).orElse(null);
            var responder = new dev.ferry.serving.BlobResponder(config.server().maxRanges(), relay); // one set of byte rules for every route
            List<Endpoint> endpoints = new ArrayList<>(List.of(
                    new HealthEndpoint(catalog),
                    new ReadGate(config.admin().protectReads() ? tokens : null),
                    AdminEndpoint.create(vertx, config.admin(), catalog, tokens, uploads),
                    new MetricsEndpoint(metrics),
                    new CatalogEndpoint(status)));
            ServerContext routes = context.forRoutes(metrics, responder);
            endpoints.addAll(families.endpoints(routes)); // before the catalog-path catch-all
            FileEndpoint files = new FileEndpoint(catalog, metrics, responder, families.catalogRoutes(routes));
            endpoints.add(files); // last: it answers every remaining path
            boolean directAnswers = !config.admin().protectReads() || tokens == null;
            List<HttpServerOptions> listeners = new ArrayList<>();
            if (config.server().http()) listeners.add(listener(config, config.server().host(), config.server().port()));
            if (tls != null) {
                String host = config.tls().host().isBlank() ? config.server().host() : config.tls().host();
                listeners.add(TlsOptions.apply(listener(config, host, config.tls().port()), TlsOptions.ssl(tls, config.tls())));
            }
            if (listeners.isEmpty()) throw new IllegalArgumentException("no listener: server.http is false and tls.cert is not set");
            Queue<HttpServerVerticle> deployed = new ConcurrentLinkedQueue<>();
            int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
            vertx.deployVerticle(() -> {
                HttpServerVerticle v = new HttpServerVerticle(listeners, endpoints,
                        router -> new RequestDispatch(catalog, metrics.http(), files, directAnswers, router));
                deployed.add(v);
                return v;
            }, new DeploymentOptions().setInstances(instances)).await(30, TimeUnit.SECONDS);
            List<HttpServer> first = deployed.peek().servers();
            int httpPort = config.server().http() ? first.get(0).actualPort() : -1;
            int httpsPort = tls != null ? first.get(first.size() - 1).actualPort() : -1;
            CertificateReloader certificates = null;
            if (tls != null) {
                List<HttpServer> https = deployed.stream().map(v -> v.servers().get(v.servers().size() - 1)).toList();
                certificates = new CertificateReloader(vertx, config.tls(), tls, https, registry);
                certificates.start();
            }
            long interval = config.store().reloadInterval().toMillis();
            long[] serving = {catalog.current().number()};
            vertx.setPeriodic(interval, id -> {
                try {
                    vertx.executeBlocking(status::refresh).onComplete(r -> {
                        if (r.failed()) {
                            LOG.warn("cannot follow the store: {}", r.cause().getMessage());
                        } else if (catalog.current().number() != serving[0]) {
                            serving[0] = catalog.current().number();
                            LOG.info("now serving generation {}", serving[0]);
                        }
                    });
                } catch (java.util.concurrent.RejectedExecutionException stopping) {
                    // the server is closing; nothing to follow
                }
            });
            if (tokens != null) {
                vertx.setPeriodic(interval, id -> {
                    try {
                        vertx.executeBlocking(() -> {
                            tokens.refresh();
                            return null;
                        }).onFailure(e -> LOG.warn("cannot read the token file: {}", e.getMessage()));
                    } catch (java.util.concurrent.RejectedExecutionException stopping) {
                        // the server is closing; nothing to refresh for
                    }
                });
            }
            Scrubber scrubber = null;
            if (config.scrub().enabled()) {
                scrubber = new Scrubber(store, config.scrub().interval(), () -> status.journal().current().verification().lastRun());
                scrubber.start();
            }
            return new FerryServer(vertx, status, metrics, httpPort, httpsPort, certificates, scrubber);
        } catch (TimeoutException | RuntimeException | IOException e) {
            vertx.close();
            throw new IOException("cannot start the server: " + e.getMessage(), e);
        }
    }

    private static HttpServerOptions listener(FerryConfig config, String host, int port) {
        ServerSettings server = config.server();
        HttpServerOptions options = new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setCompressionSupported(false) // compression would cost the zero-copy sendfile path
                .setIdleTimeout((int) server.idleTimeout().toSeconds())
                .setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setMaxInitialLineLength(server.maxRequestLineLength())
                .setMaxHeaderSize(server.maxHeaderSize())
                .setHttp2ClearTextEnabled(server.http2())
                .setTcpNoDelay(true);
        if (server.sendBufferSize() > 0) options.setSendBufferSize(server.sendBufferSize());
        return options;
    }

    /** Port of the plain-HTTP listener, -1 when there is none. */
    public int port() {
        return port;
    }

    /** Port of the HTTPS listener, -1 when there is none. */
    public int httpsPort() {
        return httpsPort;
    }

    /** Re-reads the TLS files now instead of at the next interval; true when new ones were applied. */
    public boolean reloadCertificates() throws Exception {
        return certificates != null && certificates.check().await(30, TimeUnit.SECONDS);
    }

    public LiveCatalog catalog() {
        return status.catalog();
    }

    /** The catalog view, journal activity and store size the page and metrics show. */
    public LiveStatus status() {
        return status;
    }

    public FerryMetrics metrics() {
        return metrics;
    }

    public Vertx vertx() {
        return vertx;
    }

    @Override
    public void close() {
        if (scrubber != null) scrubber.close();
        try {
            vertx.close().await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("server did not stop cleanly: {}", e.getMessage());
        }
    }
}
