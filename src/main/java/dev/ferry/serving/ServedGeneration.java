package dev.ferry.serving;

import dev.ferry.store.Generation;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * {@code Ferry-Generation} on every answer, so a client or a probe behind a Service can tell which
 * replica answered from which generation. Stamped once per request from the snapshot the request
 * is answered from.
 */
public final class ServedGeneration {
    public static final CharSequence HEADER = HttpHeaders.createOptimized("Ferry-Generation");

    private ServedGeneration() {
    }

    /** Sets the header; nothing when no generation is loaded yet. */
    public static void stamp(HttpServerResponse response, Generation generation) {
        if (generation != null) response.putHeader(HEADER, Long.toString(generation.number()));
    }
}
