package dev.ferry.oci;

import dev.ferry.core.oci.OciJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.serving.Responses;
import io.vertx.core.http.HttpServerRequest;

import java.util.Map;

/** Error bodies in the distribution spec's form: {@code {"errors":[{"code","message","detail"}]}}. */
final class RegistryErrors {
    static final String NAME_UNKNOWN = "NAME_UNKNOWN";
    static final String NAME_INVALID = "NAME_INVALID";
    static final String MANIFEST_UNKNOWN = "MANIFEST_UNKNOWN";
    static final String BLOB_UNKNOWN = "BLOB_UNKNOWN";
    static final String DIGEST_INVALID = "DIGEST_INVALID";
    static final String UNSUPPORTED = "UNSUPPORTED";
    static final String UNAVAILABLE = "UNAVAILABLE";
    static final String PAGINATION_NUMBER_INVALID = "PAGINATION_NUMBER_INVALID";
    static final String RANGE_INVALID = "RANGE_INVALID";

    private RegistryErrors() {
    }

    static void send(HttpServerRequest request, int status, String code, String message, Map<String, String> detail) {
        ObjectNode error = OciJson.MAPPER.createObjectNode().put("code", code).put("message", message);
        error.set("detail", OciJson.MAPPER.valueToTree(detail));
        ObjectNode body = OciJson.MAPPER.createObjectNode();
        body.putArray("errors").add(error);
        byte[] bytes;
        try {
            bytes = OciJson.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Responses.send(request.response(), status, "application/json", bytes, request.method());
    }

    static void send(HttpServerRequest request, int status, String code, String message) {
        send(request, status, code, message, Map.of());
    }
}
