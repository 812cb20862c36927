package dev.ferry.serving;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;

/**
 * How a route words the few errors the responder itself decides on; a route with its own error
 * format (the registry's JSON) overrides them. Each must send a complete response with
 * Content-Length (and no body for HEAD).
 */
public interface ErrorAnswers {

    /** Plain-text answers, as the file routes give them. */
    ErrorAnswers PLAIN = new ErrorAnswers() {
    };

    default void preconditionFailed(RoutingContext ctx) {
        text(ctx, 412, "precondition failed\n");
    }

    /** Content-Range ({@code bytes *}{@code /size}) is already set. */
    default void rangeNotSatisfiable(RoutingContext ctx, long size) {
        text(ctx, 416, "range not satisfiable\n");
    }

    /** The stored bytes could not be read before anything was sent; the response headers were cleared. */
    default void unreadable(RoutingContext ctx) {
        text(ctx, 500, "cannot read stored content\n");
    }

    static void text(RoutingContext ctx, int status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpServerResponse response = ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                .putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(bytes.length))
                .putHeader("X-Content-Type-Options", "nosniff");
        if (ctx.request().method() == HttpMethod.HEAD) response.end();
        else response.end(Buffer.buffer(bytes));
    }
}
