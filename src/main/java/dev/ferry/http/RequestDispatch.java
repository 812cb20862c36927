package dev.ferry.http;

import dev.ferry.metrics.HttpRequestMeters;
import dev.ferry.serving.ServedGeneration;
import dev.ferry.store.Generation;
import dev.ferry.store.LiveCatalog;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;

/**
 * Every request's first stop: stamps the response with the generation served, starts its meters,
 * and hands a plain GET or HEAD of a catalog path (no query, reads not token-protected) straight
 * to the file route; everything else goes through the router. On a small file the router's walk
 * past every other route cost more than the answer itself.
 */
final class RequestDispatch implements Handler<HttpServerRequest> {
    private final LiveCatalog catalog;
    private final HttpRequestMeters meters;
    private final FileEndpoint files;
    private final boolean directAnswers;
    private final Router router;

    /** @param directAnswers false when every request must pass the router's checks first (protected reads) */
    RequestDispatch(LiveCatalog catalog, HttpRequestMeters meters, FileEndpoint files, boolean directAnswers, Router router) {
        this.catalog = catalog;
        this.meters = meters;
        this.files = files;
        this.directAnswers = directAnswers;
        this.router = router;
    }

    @Override
    public void handle(HttpServerRequest request) {
        Generation serving = catalog.current(); // the one snapshot a direct answer is served from
        ServedGeneration.stamp(request.response(), serving);
        String route = HttpRequestMeters.routeOf(request.path());
        meters.measure(request, route);
        if (directAnswers && route == HttpRequestMeters.FILES && request.query() == null
                && (request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD)
                && files.answerDirectly(request, serving)) {
            return;
        }
        router.handle(request);
    }
}
