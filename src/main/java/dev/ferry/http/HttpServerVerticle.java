package dev.ferry.http;

import dev.ferry.config.ServerSettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** One HTTP listener; the server deploys one instance per event loop, all sharing the port. */
final class HttpServerVerticle extends VerticleBase {
    private final ServerSettings settings;
    private final List<Endpoint> endpoints;
    private HttpServer server;

    HttpServerVerticle(ServerSettings settings, List<Endpoint> endpoints) {
        this.settings = settings;
        this.endpoints = endpoints;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        endpoints.forEach(e -> e.register(router));
        HttpServerOptions options = new HttpServerOptions()
                .setHost(settings.host())
                .setPort(settings.port())
                .setCompressionSupported(false) // compression would cost the zero-copy sendfile path
                .setIdleTimeout((int) settings.idleTimeout().toSeconds())
                .setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setTcpNoDelay(true);
        return vertx.createHttpServer(options).requestHandler(router).listen().onSuccess(s -> server = s);
    }

    int actualPort() {
        return server.actualPort();
    }
}
