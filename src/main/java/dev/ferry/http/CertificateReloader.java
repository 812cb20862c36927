package dev.ferry.http;

import dev.ferry.config.TlsSettings;
import dev.ferry.tls.TlsMaterial;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Re-reads the certificate, key and client CA files every {@code tls.reloadInterval} and hands a
 * changed, consistent set to every HTTPS listener. Open connections keep the parameters they
 * were made with; new connections get the new ones. A set that does not check out (a key for
 * another certificate, half-written files) is not applied: the listeners keep the last good one.
 */
final class CertificateReloader {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateReloader.class);

    private final Vertx vertx;
    private final TlsSettings settings;
    private final List<HttpServer> servers;
    private final AtomicReference<TlsMaterial> applied;
    private volatile String lastProblem = "";

    CertificateReloader(Vertx vertx, TlsSettings settings, TlsMaterial initial, List<HttpServer> servers, MeterRegistry registry) {
        this.vertx = vertx;
        this.settings = settings;
        this.servers = List.copyOf(servers);
        this.applied = new AtomicReference<>(initial);
        Gauge.builder("ferry.tls.certificate.expiry", applied, a -> a.get().leaf().getNotAfter().getTime() / 1000.0)
                .description("Expiry (Unix seconds) of the server certificate being served").baseUnit("seconds")
                .register(registry);
    }

    void start() {
        vertx.setPeriodic(settings.reloadInterval().toMillis(), id -> check());
    }

    /** Completes with true when new material was applied. */
    Future<Boolean> check() {
        return vertx.executeBlocking(() -> TlsMaterial.load(settings), false).compose(material -> {
            if (material.fingerprint().equals(applied.get().fingerprint())) return Future.succeededFuture(false);
            var ssl = TlsOptions.ssl(material, settings);
            return Future.all(servers.stream().map(s -> s.updateSSLOptions(ssl)).toList()).map(done -> {
                applied.set(material);
                lastProblem = "";
                LOG.info("serving TLS certificate {} (expires {})", material.leaf().getSubjectX500Principal().getName(),
                        material.leaf().getNotAfter().toInstant());
                return true;
            });
        }).recover(e -> {
            String problem = String.valueOf(e.getMessage());
            if (!problem.equals(lastProblem)) {
                LOG.warn("TLS files changed but cannot be used, still serving the previous certificate: {}", problem);
                lastProblem = problem;
            }
            return Future.succeededFuture(false);
        });
    }
}
