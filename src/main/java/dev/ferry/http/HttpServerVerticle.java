package dev.ferry.http;

import dev.ferry.serving.Endpoint;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The HTTP listeners (plain and/or HTTPS) with one router; the server deploys one instance per
 * event loop, all sharing the ports.
 */
final class HttpServerVerticle extends VerticleBase {
    private final List<HttpServerOptions> listeners;
    private final List<Endpoint> endpoints;
    private final Function<Router, Handler<HttpServerRequest>> dispatch;
    private final List<HttpServer> servers = new ArrayList<>();

    /** @param dispatch every request's first handler, given this instance's router */
    HttpServerVerticle(List<HttpServerOptions> listeners, List<Endpoint> endpoints, Function<Router, Handler<HttpServerRequest>> dispatch) {
        this.listeners = listeners;
        this.endpoints = endpoints;
        this.dispatch = dispatch;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        QueryStrings.register(router);
        endpoints.forEach(e -> e.register(router));
        Handler<HttpServerRequest> requests = dispatch.apply(router);
        List<Future<HttpServer>> bound = new ArrayList<>();
        for (HttpServerOptions options : listeners) {
            Duration idle = Duration.ofMillis(options.getIdleTimeoutUnit().toMillis(options.getIdleTimeout()));
            HttpServer server = vertx.createHttpServer(new HttpServerOptions(options))
                    .connectionHandler(c -> ProgressAwareIdleTimeout.install(c, idle))
                    .requestHandler(requests);
            servers.add(server);
            String where = (options.isSsl() ? "https://" : "http://") + options.getHost() + ":" + options.getPort();
            bound.add(server.listen().recover(e -> Future.failedFuture(new java.io.IOException("cannot listen on " + where + ": "
                    + (e instanceof java.net.BindException ? "the address is in use or not local" : e.getMessage()), e))));
        }
        return Future.all(bound);
    }

    /** The listeners in the order they were configured. */
    List<HttpServer> servers() {
        return servers;
    }
}
