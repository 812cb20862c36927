package dev.ferry.core;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Turns a Jackson refusal into a sentence for the operator: the JSON field path and the reason in
 * plain words ("field 'blobs[0].size': expected a whole number, got a string"). Jackson's own
 * messages name Java types and classes, which mean nothing to whoever carried the file across.
 */
public final class JsonRefusal {
    private JsonRefusal() {
    }

    public static String reason(JsonProcessingException e) {
        String path = path(e);
        String where = path.isEmpty() ? "" : "field '" + path + "': ";
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof UnrecognizedPropertyException) return where + "unknown field";
        if (message.startsWith("Trailing token")) return "unexpected data after the end of the JSON document";
        if (message.startsWith("No content to map")) return "empty document";
        if (message.startsWith("Duplicate field")) return "duplicate field '" + lastName(e) + "'";
        if (e instanceof InputCoercionException || message.contains("out of range")) return where + "number out of range";
        Throwable cause = e.getCause();
        if (cause instanceof IllegalArgumentException && cause.getMessage() != null && !cause.getMessage().contains("java.")) {
            return where + cause.getMessage();
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            String got = got(e);
            return where + "expected " + expected(m.getTargetType()) + (got == null ? "" : ", got " + got);
        }
        if (e instanceof JsonMappingException) return where + "invalid value: " + plain(message);
        JsonLocation at = e.getLocation();
        String position = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return "malformed JSON" + position + ": " + plain(message);
    }

    /** What a value of {@code type} looks like in JSON, in words. */
    static String expected(Class<?> type) {
        if (type == long.class || type == Long.class || type == int.class || type == Integer.class
                || type == short.class || type == Short.class || type == java.math.BigInteger.class) return "a whole number";
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) return "a number";
        if (type == boolean.class || type == Boolean.class) return "true or false";
        if (type == Instant.class) return "an ISO-8601 time in quotes (such as \"2026-01-31T12:00:00Z\")";
        if (type == String.class || type == Digest.class || CharSequence.class.isAssignableFrom(type)) return "a string";
        if (Collection.class.isAssignableFrom(type) || type.isArray()) return "an array";
        if (type.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object c : type.getEnumConstants()) names.add(c.toString());
            return "one of " + String.join(", ", names);
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord() || !type.isPrimitive()) return "an object";
        return "a different value";
    }

    private static String got(JsonProcessingException e) {
        if (!(e.getProcessor() instanceof JsonParser p)) return null;
        JsonToken t = p.currentToken();
        if (t == null) return null;
        return switch (t) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "a number";
            case VALUE_NUMBER_FLOAT -> "a number with a fraction";
            case VALUE_TRUE, VALUE_FALSE -> "true or false";
            case VALUE_NULL -> "null";
            case START_OBJECT, END_OBJECT, FIELD_NAME -> "an object";
            case START_ARRAY, END_ARRAY -> "an array";
            default -> null;
        };
    }

    /** The field path: from the mapping exception when it has one, else from where the parser stood. */
    static String path(JsonProcessingException e) {
        StringBuilder b = new StringBuilder();
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            for (JsonMappingException.Reference r : m.getPath()) {
                if (r.getFieldName() != null) b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
                else if (r.getIndex() >= 0) b.append('[').append(r.getIndex()).append(']');
            }
            return b.toString();
        }
        if (!(e.getProcessor() instanceof JsonParser p) || e.getOriginalMessage() != null
                && e.getOriginalMessage().startsWith("Duplicate field")) return "";
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = p.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) parts.add(0, "[" + Math.max(0, c.getCurrentIndex()) + "]");
            else if (c.getCurrentName() != null) parts.add(0, "." + c.getCurrentName());
        }
        String joined = String.join("", parts);
        return joined.startsWith(".") ? joined.substring(1) : joined;
    }

    private static String lastName(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        int open = m.indexOf('\'');
        int close = m.lastIndexOf('\'');
        return open >= 0 && close > open ? m.substring(open + 1, close) : "";
    }

    /** Jackson's wording without the Java type and class names it embeds. */
    static String plain(String message) {
        return message.replaceAll("`[^`]*`", "value")
                .replaceAll("\\(class [^)]*\\)", "")
                .replaceAll("\\b(?:java|javax|com|dev|org)\\.[A-Za-z0-9_.$]+", "value")
                .replaceAll("\\s+", " ").trim();
    }
}
