package dev.ferry.http;

import dev.ferry.metrics.HttpRequestMeters;
import dev.ferry.serving.Responses;
import dev.ferry.serving.ServedGeneration;
import dev.ferry.store.Generation;
import dev.ferry.store.LiveCatalog;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request's first stop: stamps the response with the generation served, starts its meters,
 * and hands a plain GET or HEAD of a catalog path (no query, reads not token-protected) straight
 * to the file route; everything else goes through the router. On a small file the router's walk
 * past every other route cost more than the answer itself.
 */
final class RequestDispatch implements Handler<HttpServerRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(RequestDispatch.class);
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
        try {
            dispatch(request);
        } catch (RuntimeException e) { // a request must never be left unanswered
            LOG.error("failed answering {} {}", request.method(), request.path(), e);
            if (!request.response().headWritten()) Responses.text(request.response(), 500, "internal error\n", request.method());
            else if (!request.response().closed()) request.response().reset();
        }
    }

    private void dispatch(HttpServerRequest request) {
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
