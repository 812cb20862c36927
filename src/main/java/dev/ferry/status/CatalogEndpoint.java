package dev.ferry.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ferry.http.Endpoint;
import dev.ferry.http.Responses;
import dev.ferry.store.Json;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * The read-only views of the catalog: the HTML page at {@code /}, and the same data as JSON at
 * {@code /api/v1/status} (summary and freshness) and {@code /api/v1/catalog} (every artifact;
 * {@code ?family=} for one family). Rendering runs on a worker: a catalog can be large.
 */
public final class CatalogEndpoint implements Endpoint {
    public static final String STATUS_PATH = "/api/v1/status";
    public static final String CATALOG_PATH = "/api/v1/catalog";
    static final String HTML = "text/html; charset=utf-8";
    static final String JSON = "application/json";

    private final LiveStatus status;

    public CatalogEndpoint(LiveStatus status) {
        this.status = status;
    }

    @Override
    public void register(Router router) {
        router.route("/").method(HttpMethod.GET).method(HttpMethod.HEAD)
                .handler(ctx -> respond(ctx, HTML, () -> CatalogPage.render(status.report(Instant.now()))));
        router.route(STATUS_PATH).method(HttpMethod.GET).method(HttpMethod.HEAD)
                .handler(ctx -> respond(ctx, JSON, () -> json(status.report(Instant.now()).statusJson())));
        router.route(CATALOG_PATH).method(HttpMethod.GET).method(HttpMethod.HEAD)
                .handler(ctx -> respond(ctx, JSON, () -> json(status.report(Instant.now()).catalogJson(ctx.request().getParam("family")))));
    }

    private static void respond(RoutingContext ctx, String type, Callable<String> body) {
        HttpMethod method = ctx.request().method();
        ctx.vertx().executeBlocking(body, false).onComplete(r -> {
            ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store"); // ages change by the minute
            if (type.equals(HTML)) ctx.response().putHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
            if (r.succeeded()) Responses.send(ctx.response(), 200, type, r.result().getBytes(StandardCharsets.UTF_8), method);
            else Responses.text(ctx.response(), 500, "cannot render: " + r.cause().getMessage() + "\n", method);
        });
    }

    private static String json(Object value) throws JsonProcessingException {
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n";
    }
}
