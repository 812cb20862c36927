package dev.ferry.opensearch;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenSearchRangeTest {
    private static boolean admits(String range, String version) {
        return OpenSearchRange.parse(range).admits(OpenSearchVersion.parse(version));
    }

    @Test
    void versionsParseAndOrderLikeUpstream() {
        assertEquals("2.19.4", OpenSearchVersion.parse("2.19.4").toString());
        assertEquals("3.0.0-alpha1", OpenSearchVersion.parse("3.0.0-alpha1").toString());
        assertEquals("3.0.0-beta1", OpenSearchVersion.parse("3.0.0-Beta1").toString());
        assertTrue(OpenSearchVersion.parse("3.0.0-alpha1").compareTo(OpenSearchVersion.parse("3.0.0-beta1")) < 0);
        assertTrue(OpenSearchVersion.parse("3.0.0-rc1").compareTo(OpenSearchVersion.parse("3.0.0")) < 0);
        assertTrue(OpenSearchVersion.parse("2.9.0").compareTo(OpenSearchVersion.parse("2.19.0")) < 0);
        for (String bad : new String[]{"2.19", "2.19.4.0", "2.x.4", "2.19.4-SNAPSHOT", "v2.19.4", "2.19.4-foo1", ""}) {
            assertThrows(IllegalArgumentException.class, () -> OpenSearchVersion.parse(bad), bad);
        }
    }

    @Test
    void exactTildeCaretAndIntervals() {
        assertTrue(admits("2.19.4", "2.19.4"));
        assertFalse(admits("2.19.4", "2.19.3"));
        assertFalse(admits("2.19.4", "2.19.5"));
        assertTrue(admits("=2.19.4", "2.19.4"));
        assertTrue(admits("~2.19.0", "2.19.4"));
        assertFalse(admits("~2.19.1", "2.19.0"));
        assertFalse(admits("~2.19.0", "2.20.0"));
        assertTrue(admits("^2.13.0", "2.19.4"));
        assertFalse(admits("^2.13.0", "3.0.0"));
        assertTrue(admits("[2.0.0,3.0.0)", "2.19.4"));
        assertFalse(admits("[2.0.0,3.0.0)", "3.0.0"));
        assertTrue(admits("[2.0.0,3.0.0]", "3.0.0"));
        assertFalse(admits("(2.0.0,3.0.0)", "2.0.0"));
        assertEquals("2.13.0", OpenSearchRange.parse("^2.13.0").lower().toString());
        assertThrows(IllegalArgumentException.class, () -> OpenSearchRange.parse("[3.0.0,2.0.0]"));
        assertThrows(IllegalArgumentException.class, () -> OpenSearchRange.parse(">=2.0.0"));
    }
}
