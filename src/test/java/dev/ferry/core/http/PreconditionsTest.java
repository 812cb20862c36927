package dev.ferry.core.http;

import dev.ferry.core.http.Preconditions.Outcome;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreconditionsTest {
    private static final String ETAG = "\"sha256:" + "ab".repeat(32) + "\"";
    private static final String OTHER = "\"sha256:" + "cd".repeat(32) + "\"";
    private static final Instant MODIFIED = Instant.parse("2024-03-01T10:00:00.750Z"); // sub-second part must not matter
    private static final String AT = "Fri, 01 Mar 2024 10:00:00 GMT";
    private static final String BEFORE = "Fri, 01 Mar 2024 09:59:59 GMT";
    private static final String AFTER = "Fri, 01 Mar 2024 10:00:01 GMT";

    private static Outcome eval(String... nameValues) {
        MultiMap h = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < nameValues.length; i += 2) h.add(nameValues[i], nameValues[i + 1]);
        return Preconditions.evaluate(h, ETAG, MODIFIED);
    }

    private static boolean ifRange(String value) {
        return Preconditions.ifRangeAllows(MultiMap.caseInsensitiveMultiMap().add("If-Range", value), ETAG, MODIFIED);
    }

    @Test
    void noConditionsProceed() {
        assertEquals(Outcome.PROCEED, eval());
    }

    @Test
    void ifNoneMatchIsAWeakComparisonOverAList() {
        assertEquals(Outcome.NOT_MODIFIED, eval("If-None-Match", ETAG));
        assertEquals(Outcome.NOT_MODIFIED, eval("If-None-Match", "W/" + ETAG));
        assertEquals(Outcome.NOT_MODIFIED, eval("If-None-Match", OTHER + ", " + ETAG));
        assertEquals(Outcome.NOT_MODIFIED, eval("If-None-Match", OTHER, "If-None-Match", ETAG)); // two header lines
        assertEquals(Outcome.NOT_MODIFIED, eval("If-None-Match", "*"));
        assertEquals(Outcome.PROCEED, eval("If-None-Match", OTHER));
        assertEquals(Outcome.PROCEED, eval("If-None-Match", ETAG.replace("\"", ""))); // unquoted is not an entity-tag
        assertEquals(Outcome.NOT_MODIFIED, eval("If-None-Match", "\"a,b\", " + ETAG)); // commas inside a tag
    }

    @Test
    void ifModifiedSinceComparesWholeSecondsAndIgnoresBadDates() {
        assertEquals(Outcome.NOT_MODIFIED, eval("If-Modified-Since", AT));
        assertEquals(Outcome.NOT_MODIFIED, eval("If-Modified-Since", AFTER));
        assertEquals(Outcome.PROCEED, eval("If-Modified-Since", BEFORE));
        assertEquals(Outcome.PROCEED, eval("If-Modified-Since", "yesterday"));
        assertEquals(Outcome.NOT_MODIFIED, eval("If-Modified-Since", "Friday, 01-Mar-24 10:00:00 GMT")); // RFC 850
        assertEquals(Outcome.NOT_MODIFIED, eval("If-Modified-Since", "Fri Mar  1 10:00:00 2024")); // asctime
    }

    @Test
    void ifNoneMatchTakesPrecedenceOverIfModifiedSince() {
        assertEquals(Outcome.PROCEED, eval("If-None-Match", OTHER, "If-Modified-Since", AFTER));
        assertEquals(Outcome.NOT_MODIFIED, eval("If-None-Match", ETAG, "If-Modified-Since", BEFORE));
    }

    @Test
    void ifMatchIsStrongAndFailsWith412() {
        assertEquals(Outcome.PROCEED, eval("If-Match", ETAG));
        assertEquals(Outcome.PROCEED, eval("If-Match", "*"));
        assertEquals(Outcome.PROCEED, eval("If-Match", OTHER + "," + ETAG));
        assertEquals(Outcome.PRECONDITION_FAILED, eval("If-Match", OTHER));
        assertEquals(Outcome.PRECONDITION_FAILED, eval("If-Match", "W/" + ETAG));
    }

    @Test
    void ifUnmodifiedSinceFailsWith412WhenModifiedAfterAndYieldsToIfMatch() {
        assertEquals(Outcome.PROCEED, eval("If-Unmodified-Since", AT));
        assertEquals(Outcome.PRECONDITION_FAILED, eval("If-Unmodified-Since", BEFORE));
        assertEquals(Outcome.PROCEED, eval("If-Unmodified-Since", "garbage"));
        assertEquals(Outcome.PROCEED, eval("If-Match", ETAG, "If-Unmodified-Since", BEFORE));
    }

    @Test
    void preconditionFailureComesBeforeNotModified() {
        assertEquals(Outcome.PRECONDITION_FAILED, eval("If-Match", OTHER, "If-None-Match", ETAG));
    }

    @Test
    void ifRangeNeedsAStrongMatchOrTheExactDate() {
        assertTrue(Preconditions.ifRangeAllows(MultiMap.caseInsensitiveMultiMap(), ETAG, MODIFIED));
        assertTrue(ifRange(ETAG));
        assertTrue(ifRange(AT));
        assertFalse(ifRange(OTHER));
        assertFalse(ifRange("W/" + ETAG));
        assertFalse(ifRange(AFTER));
        assertFalse(ifRange(BEFORE));
        assertFalse(ifRange("nonsense"));
    }

    @Test
    void withoutLastModifiedOnlyEntityTagsDecide() {
        MultiMap dates = MultiMap.caseInsensitiveMultiMap().add("If-Modified-Since", AFTER).add("If-Unmodified-Since", BEFORE);
        assertEquals(Outcome.PROCEED, Preconditions.evaluate(dates, ETAG, null));
        assertEquals(Outcome.NOT_MODIFIED, Preconditions.evaluate(dates.add("If-None-Match", ETAG), ETAG, null));
        assertFalse(Preconditions.ifRangeAllows(MultiMap.caseInsensitiveMultiMap().add("If-Range", AT), ETAG, null));
        assertTrue(Preconditions.ifRangeAllows(MultiMap.caseInsensitiveMultiMap().add("If-Range", ETAG), ETAG, null));
    }
}
