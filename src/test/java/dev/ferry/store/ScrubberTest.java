package dev.ferry.store;

import dev.ferry.config.ConfigException;
import dev.ferry.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ScrubberTest {
    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    final Scrubber daily = new Scrubber(null, Duration.ofDays(1), () -> null);

    @Test
    void theScheduleFollowsTheLastVerificationWhoeverRanIt() {
        assertEquals(Duration.ofDays(1), daily.delay(null, NOW, true), "never verified: one interval after start");
        assertEquals(Duration.ofHours(6), daily.delay(NOW.minus(Duration.ofHours(18)), NOW, true), "a restart does not postpone it");
        assertEquals(Duration.ofMinutes(1), daily.delay(NOW.minus(Duration.ofDays(3)), NOW, true), "overdue: soon, not at once");
        assertEquals(Duration.ofDays(1), daily.delay(NOW.plus(Duration.ofDays(5)), NOW, true), "a clock jump waits one interval at most");
        assertEquals(Duration.ZERO, daily.delay(NOW.minus(Duration.ofDays(3)), NOW, false), "due when woken");
        assertEquals(Duration.ofHours(20), daily.delay(NOW.minus(Duration.ofHours(4)), NOW, false), "ferry verify ran meanwhile");
        Scrubber fast = new Scrubber(null, Duration.ofSeconds(2), () -> null);
        assertEquals(Duration.ofSeconds(2), fast.delay(NOW.minus(Duration.ofDays(3)), NOW, true), "start delay never beyond the interval");
    }

    @Test
    void intervalIsConfigurableAndZeroMeansOff() {
        assertEquals(Duration.ofDays(1), ConfigLoader.load(null, Map.of(), Map.of()).scrub().interval());
        assertFalse(ConfigLoader.load(null, Map.of("FERRY_SCRUB_INTERVAL", "0s"), Map.of()).scrub().enabled());
        assertEquals(Duration.ofHours(6), ConfigLoader.load(null, Map.of(), Map.of("scrub.interval", "6h")).scrub().interval());
        assertThrows(ConfigException.class, () -> ConfigLoader.load(null, Map.of(), Map.of("scrub.interval", "500ms")));
    }
}
