package dev.ferry.core.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.Json;
import dev.ferry.core.JsonRefusal;
import dev.ferry.core.RejectedException;

import java.io.IOException;

/**
 * Strict JSON reading for layout documents (the store's strict mapping). Duplicate keys are refused: two parsers that pick
 * different values for the same key would see different manifests behind one digest.
 */
public final class OciJson {
    public static final ObjectMapper MAPPER = Json.MAPPER;

    private OciJson() {
    }

    /** Parses a JSON object; anything else (array, scalar, broken JSON, duplicate keys) is refused. */
    public static ObjectNode object(byte[] content, String entry) throws RejectedException {
        JsonNode node;
        try {
            node = MAPPER.readTree(content);
        } catch (JsonProcessingException e) {
            throw new RejectedException(entry, "malformed JSON: " + JsonRefusal.reason(e));
        } catch (IOException e) {
            throw new RejectedException(entry, "unreadable JSON: " + e.getMessage());
        }
        if (!(node instanceof ObjectNode object)) throw new RejectedException(entry, "not a JSON object");
        return object;
    }

    /** A string field, or null when absent; a present non-string is refused. */
    public static String optionalText(ObjectNode node, String field, String entry) throws RejectedException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw new RejectedException(entry, "'" + field + "' is not a string");
        return v.asText();
    }

    public static String text(ObjectNode node, String field, String entry) throws RejectedException {
        String v = optionalText(node, field, entry);
        if (v == null) throw new RejectedException(entry, "'" + field + "' is missing");
        return v;
    }

    public static ObjectNode optionalObject(ObjectNode node, String field, String entry) throws RejectedException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (!(v instanceof ObjectNode o)) throw new RejectedException(entry, "'" + field + "' is not an object");
        return o;
    }
}
