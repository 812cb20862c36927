package dev.ferry.serving;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpServerRequest;

import dev.ferry.store.DamagedBlobException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;

/**
 * How a route words the few errors the responder itself decides on; a route with its own error
 * format (the registry's JSON) overrides them. Each must send a complete response with
 * Content-Length (and no body for HEAD).
 */
public interface ErrorAnswers {

    /** Plain-text answers, as the file routes give them. */
    ErrorAnswers PLAIN = new ErrorAnswers() {
    };

    default void preconditionFailed(HttpServerRequest request) {
        text(request, 412, "precondition failed\n");
    }

    /** Content-Range ({@code bytes *}{@code /size}) is already set. */
    default void rangeNotSatisfiable(HttpServerRequest request, long size) {
        text(request, 416, "range not satisfiable\n");
    }

    /** The stored bytes could not be read before anything was sent; the response headers were cleared. */
    default void unreadable(HttpServerRequest request) {
        text(request, 500, "cannot read stored content\n");
    }

    /**
     * The blob the catalog names is gone from the store or not the catalogued size (deleted or
     * quarantined behind the catalog's back); nothing was sent, the response headers were cleared.
     */
    default void missing(HttpServerRequest request) {
        request.response().putHeader(HttpHeaders.RETRY_AFTER, "3600");
        text(request, 503, "the stored content of this path is damaged or quarantined; it is served again "
                + "once an admin restores it (ferry repair --from BUNDLE)\n");
    }

    /**
     * Answers a failure to open or read stored bytes before anything was sent, and logs it naming
     * {@code what}: {@link #missing} for damaged or missing bytes, {@link #unreadable} otherwise.
     */
    default void cannotServe(HttpServerRequest request, String what, Throwable cause) {
        Logger log = LoggerFactory.getLogger(ErrorAnswers.class);
        if (isDamage(cause)) {
            log.warn("not serving {} for {}: {}", what, request.path(), cause.getMessage());
            missing(request);
        } else {
            log.warn("cannot read {} for {}: {}", what, request.path(), cause.toString());
            unreadable(request);
        }
    }

    /**
     * Whether a failure to open or read stored bytes means they are missing, damaged or quarantined
     * (answered by {@link #missing}) rather than unreadable for a passing reason.
     */
    private static boolean isDamage(Throwable cause) {
        return cause instanceof NoSuchFileException || cause instanceof DamagedBlobException;
    }

    static void text(HttpServerRequest request, int status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpServerResponse response = request.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                .putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(bytes.length))
                .putHeader("X-Content-Type-Options", "nosniff");
        if (request.method() == HttpMethod.HEAD) response.end();
        else response.end(Buffer.buffer(bytes));
    }
}
