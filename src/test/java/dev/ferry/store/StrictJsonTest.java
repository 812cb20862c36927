package dev.ferry.store;

import dev.ferry.core.RejectedException;
import dev.ferry.core.Json;
import dev.ferry.core.Digest;

import dev.ferry.core.oci.OciJson;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one JSON mapping reads exact types only, and says what was wrong without Java names. */
class StrictJsonTest {
    record Doc(long size, String name, Instant at, boolean flag, List<String> tags, Map<String, String> meta, Digest digest) {
    }

    private static final String GOOD = "{\"size\":5,\"name\":\"n\",\"at\":\"2026-01-31T12:00:00Z\",\"flag\":true,\"tags\":[\"a\"],"
            + "\"meta\":{\"k\":\"v\"},\"digest\":\"" + Digest.ofBytes(new byte[0]) + "\"}";

    @Test
    void theWellTypedDocumentReads() throws Exception {
        Doc d = Json.read(GOOD.getBytes(StandardCharsets.UTF_8), Doc.class, "doc.json");
        assertEquals(5, d.size());
        assertEquals(Instant.parse("2026-01-31T12:00:00Z"), d.at());
        assertEquals(Instant.parse("2026-01-31T10:00:00Z"),
                Json.read(GOOD.replace("12:00:00Z", "12:00:00+02:00").getBytes(StandardCharsets.UTF_8), Doc.class, "doc.json").at());
    }

    @TestFactory
    Stream<DynamicTest> looseValuesAreRefusedByFieldAndReason() {
        String[][] cases = {
                {"\"size\":5", "\"size\":\"5\"", "field 'size': expected a whole number, got a string"},
                {"\"size\":5", "\"size\":5.5", "field 'size': expected a whole number, got a number with a fraction"},
                {"\"size\":5", "\"size\":true", "field 'size': expected a whole number, got true or false"},
                {"\"size\":5", "\"size\":\"\"", "field 'size'"},
                {"\"size\":5", "\"size\":null", "field 'size'"},
                {"\"name\":\"n\"", "\"name\":7", "field 'name': expected a string, got a number"},
                {"\"name\":\"n\"", "\"name\":false", "field 'name': expected a string, got true or false"},
                {"\"flag\":true", "\"flag\":1", "field 'flag': expected true or false, got a number"},
                {"\"flag\":true", "\"flag\":\"true\"", "field 'flag': expected true or false, got a string"},
                {"\"at\":\"2026-01-31T12:00:00Z\"", "\"at\":1769860800", "field 'at': expected an ISO-8601 time"},
                {"\"at\":\"2026-01-31T12:00:00Z\"", "\"at\":\"1769860800\"", "field 'at': expected an ISO-8601 time"},
                {"\"at\":\"2026-01-31T12:00:00Z\"", "\"at\":\"2026-01-31\"", "field 'at': expected an ISO-8601 time"},
                {"\"tags\":[\"a\"]", "\"tags\":[1]", "field 'tags[0]': expected a string, got a number"},
                {"\"meta\":{\"k\":\"v\"}", "\"meta\":{\"k\":2}", "field 'meta.k': expected a string, got a number"},
                {"\"meta\":{\"k\":\"v\"}", "\"meta\":[]", "field 'meta': expected an object, got an array"},
                {"\"digest\":\"", "\"digest\":\"md5:", "field 'digest': not a sha256 digest"},
                {"\"name\":\"n\"", "\"name\":\"n\",\"name\":\"m\"", "duplicate field 'name'"},
                {"\"flag\":true", "\"flag\":true} [] {\"x\":1", "unexpected data after the end of the JSON document"},
                {"\"flag\":true", "\"flag\":tru", "malformed JSON at line 1"},
        };
        return Stream.of(cases).map(c -> DynamicTest.dynamicTest(c[1], () -> {
            String json = GOOD.replace(c[0], c[1]);
            assertTrue(!json.equals(GOOD), "the edit applies");
            RejectedException e = assertThrows(RejectedException.class,
                    () -> Json.read(json.getBytes(StandardCharsets.UTF_8), Doc.class, "doc.json"));
            assertTrue(e.getMessage().startsWith("doc.json: "), e.getMessage());
            assertTrue(e.getMessage().contains(c[2]), "expected '" + c[2] + "' in " + e.getMessage());
            assertPlain(e.getMessage());
        }));
    }

    @Test
    void layoutDocumentsUseTheSameStrictReading() {
        for (String json : new String[]{"{\"a\":1,\"a\":2}", "{\"a\":1} x", "{\"a\":"}) {
            RejectedException e = assertThrows(RejectedException.class,
                    () -> OciJson.object(json.getBytes(StandardCharsets.UTF_8), "index.json"));
            assertTrue(e.getMessage().startsWith("index.json: malformed JSON"), e.getMessage());
            assertPlain(e.getMessage());
        }
    }

    static void assertPlain(String message) {
        for (String java : List.of("java.", "com.fasterxml", "dev.ferry", "Exception", "`", "JsonToken")) {
            assertFalse(message.contains(java), "'" + java + "' in: " + message);
        }
    }
}
