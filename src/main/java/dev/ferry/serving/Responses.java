package dev.ferry.serving;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;

import java.nio.charset.StandardCharsets;

/** Small, complete responses: status, type, exact Content-Length, and no body for HEAD. */
public final class Responses {
    private Responses() {
    }

    public static void text(HttpServerResponse response, int status, String body, HttpMethod method) {
        send(response, status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8), method);
    }

    /** {@code value} serialised with the store's JSON mapping (ISO-8601 times, sorted keys). */
    public static void json(HttpServerResponse response, int status, Object value, HttpMethod method) {
        try {
            send(response, status, "application/json", dev.ferry.core.Json.MAPPER.writeValueAsBytes(value), method);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void send(HttpServerResponse response, int status, String contentType, byte[] body, HttpMethod method) {
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, contentType)
                .putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length))
                .putHeader("X-Content-Type-Options", "nosniff");
        if (HttpMethod.HEAD.equals(method)) response.end();
        else response.end(Buffer.buffer(body));
    }
}
