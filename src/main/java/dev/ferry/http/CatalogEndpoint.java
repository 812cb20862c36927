package dev.ferry.http;

import dev.ferry.serving.Responses;
import dev.ferry.serving.Endpoint;
import dev.ferry.core.Reasons;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ferry.status.LiveStatus;
import dev.ferry.store.Generation;
import dev.ferry.core.Json;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The read-only views of the catalog: the HTML page at {@code /} (a client that prefers JSON
 * there gets the root directory listing, as for every other directory), and the same data as
 * JSON at {@code /api/v1/status} (summary and freshness) and {@code /api/v1/catalog} (every
 * artifact; {@code ?family=} for one family). Rendering runs on a worker: a catalog can be large.
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
        route(router, "/", ctx -> {
            if (ListingPages.wantsJson(ctx.request().getHeader(HttpHeaders.ACCEPT))) {
                ctx.next(); // the root listing
                return;
            }
            ctx.response().putHeader(HttpHeaders.VARY, "Accept");
            respond(ctx, HTML, () -> CatalogPage.render(status.report(Instant.now()), browse(status.catalog().current())));
        });
        route(router, STATUS_PATH, ctx -> respond(ctx, JSON, () -> json(status.report(Instant.now()).statusJson())));
        route(router, CATALOG_PATH, ctx -> respond(ctx, JSON,
                () -> json(status.report(Instant.now()).catalogJson(ctx.request().getParam("family")))));
    }

    /**
     * GET and HEAD of exactly {@code path}: the router matches normalised paths ("/a/../" is "/"),
     * and such a request is the file side's to refuse.
     */
    private static void route(Router router, String path, Handler<RoutingContext> handler) {
        router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> {
            if (path.equals(ctx.request().path())) handler.handle(ctx);
            else ctx.next();
        });
    }

    /** The top of the file tree, linked to its directory listings. */
    private static List<CatalogPage.Link> browse(Generation g) {
        if (g == null) return List.of();
        return DirectoryListing.of(g, "").map(l -> l.children().stream().map(c -> c.isDirectory()
                ? new CatalogPage.Link(c.name() + "/", PathEncoding.absolute(c.name(), true))
                : new CatalogPage.Link(c.name(), PathEncoding.absolute(c.name(), false))).toList()).orElse(List.of());
    }

    private static void respond(RoutingContext ctx, String type, Callable<String> body) {
        HttpMethod method = ctx.request().method();
        ctx.vertx().executeBlocking(body, false).onComplete(r -> {
            ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store"); // ages change by the minute
            if (type.equals(HTML)) ctx.response().putHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
            if (r.succeeded()) Responses.send(ctx.response(), 200, type, r.result().getBytes(StandardCharsets.UTF_8), method);
            else Responses.text(ctx.response(), 500, "cannot render: " + Reasons.of(r.cause()) + "\n", method);
        });
    }

    private static String json(Object value) throws JsonProcessingException {
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n";
    }
}
