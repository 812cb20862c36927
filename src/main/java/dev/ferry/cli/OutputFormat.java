package dev.ferry.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.ferry.core.Json;

/** {@code --output text|json}: human lines, or one JSON document for scripts. */
enum OutputFormat {
    text, json;

    static String toJson(Object value) {
        try {
            // ASCII only: a value from an input may hold C1 controls, which JSON leaves unescaped
            return Json.MAPPER.writerWithDefaultPrettyPrinter().with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
