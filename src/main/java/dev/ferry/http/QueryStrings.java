package dev.ferry.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Map;

/**
 * Refuses a request whose query string does not decode (a '%' not followed by two hex digits)
 * before any route reads a parameter. Decoding is lazy in Vert.x and throws from whichever
 * handler asks first, which made a client's typo a 500 on some routes and a bare 400 on others;
 * here it is one 400 with a reason, in the form each route family answers errors in.
 */
final class QueryStrings {
    static final String REASON = "malformed query string: every '%' must be followed by two hexadecimal digits";

    private QueryStrings() {
    }

    /** Must be registered before every other route. */
    static void register(Router router) {
        router.route().handler(QueryStrings::check);
    }

    private static void check(RoutingContext ctx) {
        if (ctx.request().query() == null) { // nothing to parse: most requests
            ctx.next();
            return;
        }
        try {
            ctx.request().params();
            ctx.queryParams();
        } catch (RuntimeException malformed) {
            refuse(ctx, REASON);
            return;
        }
        ctx.next();
    }

    /** A 400 naming {@code reason}: distribution-spec JSON under /v2, JSON under /api, plain text elsewhere. */
    static void refuse(RoutingContext ctx, String reason) {
        HttpServerRequest req = ctx.request();
        if (!req.isEnded() && req.version() != HttpVersion.HTTP_2) LingeringClose.afterResponse(ctx); // an unread body cannot be skipped safely
        String path = req.path() == null ? "" : req.path();
        if (path.equals("/v2") || path.startsWith("/v2/")) {
            ctx.response().putHeader("Docker-Distribution-API-Version", "registry/2.0");
            Responses.json(ctx.response(), 400, Map.of("errors", List.of(Map.of("code", "UNSUPPORTED", "message", reason,
                    "detail", Map.of()))), req.method());
        } else if (path.startsWith("/api/")) {
            Responses.json(ctx.response(), 400, Map.of("error", reason), req.method());
        } else {
            Responses.text(ctx.response(), 400, reason + "\n", req.method());
        }
    }
}
