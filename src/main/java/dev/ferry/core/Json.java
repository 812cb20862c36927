package dev.ferry.core;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The one JSON mapping Ferry uses: strict on read, deterministic on write, ISO-8601 times. Strict
 * means exact types: no number from a string, no string from a number, no whole number from a
 * fraction, times only as ISO-8601 strings; and no duplicate keys (two readers picking different
 * values would see different documents behind one signature), no data after the document.
 */
public final class Json {
    // Field names are not canonicalised: a catalog's map keys are 100k distinct paths, and the
    // symbol table then costs more (rehashing, interning) than it ever saves.
    public static final ObjectMapper MAPPER = JsonMapper.builder(com.fasterxml.jackson.core.JsonFactory.builder()
                    .disable(com.fasterxml.jackson.core.JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
                    .disable(com.fasterxml.jackson.core.JsonFactory.Feature.INTERN_FIELD_NAMES).build())
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule("iso-times-only").addDeserializer(Instant.class, new IsoInstant())
                    .addSerializer(Instant.class, new IsoInstantWriter()))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Float, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private Json() {
    }

    /** Reads {@code bytes} as {@code type}; a refusal names {@code entry}, the field and the reason in plain words. */
    public static <T> T read(byte[] bytes, Class<T> type, String entry) throws RejectedException {
        T value;
        try {
            value = MAPPER.readValue(bytes, type);
        } catch (JsonProcessingException e) {
            throw new RejectedException(entry, JsonRefusal.reason(e));
        } catch (IOException e) {
            throw new RejectedException(entry, "unreadable: " + e.getMessage());
        }
        if (value == null) throw new RejectedException(entry, "empty document (null)");
        return value;
    }

    /** An instant only from an ISO-8601 string with an offset: a number would be read as seconds or millis, silently. */
    private static final class IsoInstant extends StdScalarDeserializer<Instant> {
        /** The time parsed last: entries published together share one, and parsing is the slow part of reading a catalog. */
        private volatile Parsed last;

        IsoInstant() {
            super(Instant.class);
        }

        private record Parsed(String text, Instant instant) {
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
            String text = p.getText();
            Parsed last = this.last;
            if (last != null && last.text.equals(text)) return last.instant;
            try {
                Instant parsed = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
                this.last = new Parsed(text, parsed);
                return parsed;
            } catch (DateTimeParseException e) {
                throw ctxt.weirdStringException(text, Instant.class, "not an ISO-8601 time");
            }
        }
    }

    /** ISO-8601 as {@link Instant#toString()} writes it (what JavaTimeModule writes too), remembering the last one formatted. */
    private static final class IsoInstantWriter extends com.fasterxml.jackson.databind.ser.std.StdScalarSerializer<Instant> {
        private volatile Formatted last;

        IsoInstantWriter() {
            super(Instant.class);
        }

        private record Formatted(Instant instant, String text) {
        }

        @Override
        public void serialize(Instant value, com.fasterxml.jackson.core.JsonGenerator gen,
                              com.fasterxml.jackson.databind.SerializerProvider provider) throws IOException {
            Formatted last = this.last;
            if (last == null || !last.instant.equals(value)) {
                last = new Formatted(value, value.toString());
                this.last = last;
            }
            gen.writeString(last.text);
        }
    }
}
