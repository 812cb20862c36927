package dev.ferry.http;

import dev.ferry.store.Generation;
import dev.ferry.store.LiveCatalog;
import io.vertx.ext.web.Router;

/**
 * {@code Ferry-Generation} on every response, so a client or a probe behind a Service can tell
 * which replica answered from which generation. Routes that resolve a request through their own
 * snapshot of the catalog set the header again from that snapshot.
 */
final class GenerationHeader implements Endpoint {
    static final String NAME = "Ferry-Generation";

    private final LiveCatalog catalog;

    GenerationHeader(LiveCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void register(Router router) {
        router.route().handler(ctx -> {
            Generation serving = catalog.current();
            if (serving != null) ctx.response().putHeader(NAME, Long.toString(serving.number()));
            ctx.next();
        });
    }
}
