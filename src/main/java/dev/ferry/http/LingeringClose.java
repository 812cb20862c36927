package dev.ferry.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Ends a connection whose request body was refused unread. Closing at once would make the kernel
 * reset the connection over the unread bytes, and a client still sending would lose the response
 * (the status and the reason); so the rest is read and dropped for a short while, bounded in time
 * and bytes, and only then is the connection closed.
 */
final class LingeringClose {
    static final long MAX_MILLIS = 2_000;
    static final long MAX_BYTES = 8L << 20;

    private LingeringClose() {
    }

    /** Marks the response {@code Connection: close} and lingers once it is sent. */
    static void afterResponse(RoutingContext ctx) {
        ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        ctx.addEndHandler(v -> linger(ctx));
    }

    private static void linger(RoutingContext ctx) {
        var req = ctx.request();
        var vertx = ctx.vertx();
        if (req.isEnded()) {
            req.connection().close();
            return;
        }
        long[] drained = {0};
        long timer = vertx.setTimer(MAX_MILLIS, id -> req.connection().close());
        try {
            req.handler(buffer -> {
                drained[0] += buffer.length();
                if (drained[0] > MAX_BYTES) {
                    vertx.cancelTimer(timer);
                    req.connection().close();
                }
            });
            req.endHandler(v -> {
                vertx.cancelTimer(timer);
                req.connection().close();
            });
            req.resume();
        } catch (IllegalStateException alreadyRead) { // the body ended meanwhile
            vertx.cancelTimer(timer);
            req.connection().close();
        }
    }
}
