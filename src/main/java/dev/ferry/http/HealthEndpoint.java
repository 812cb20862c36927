package dev.ferry.http;

import dev.ferry.store.Generation;
import dev.ferry.store.LiveCatalog;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code /healthz}: the process answers. {@code /readyz}: the store's current generation is loaded and served. */
public final class HealthEndpoint implements Endpoint {
    private final LiveCatalog catalog;

    public HealthEndpoint(LiveCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void register(Router router) {
        router.route("/healthz").handler(ctx -> text(ctx, 200, "ok\n"));
        router.route("/readyz").handler(ctx -> {
            Generation serving = catalog.current();
            if (catalog.ready()) text(ctx, 200, "ready: generation " + serving.number() + "\n");
            else if (serving == null) text(ctx, 503, "not ready: catalog not loaded\n");
            else text(ctx, 503, "not ready: serving generation " + serving.number() + " but the store's current is "
                    + catalog.pointed() + ", which is not loaded yet\n");
        });
    }

    private static void text(RoutingContext ctx, int status, String body) {
        Responses.text(ctx.response(), status, body, ctx.request().method());
    }
}
