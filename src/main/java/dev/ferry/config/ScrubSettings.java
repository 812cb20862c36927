package dev.ferry.config;

import java.time.Duration;

/**
 * The background scrub of a running server.
 *
 * @param interval how often the whole store is re-hashed (0 = never); the next run is due this
 *                 long after the last verification, whether the scrub or {@code ferry verify} did it
 */
public record ScrubSettings(Duration interval) {
    public static ScrubSettings defaults() {
        return new ScrubSettings(Duration.ofDays(1));
    }

    public boolean enabled() {
        return !interval.isZero();
    }

    void validate() {
        if (interval == null || interval.isNegative()) throw new ConfigException("scrub.interval must be 0 (off) or a positive duration");
        if (enabled() && interval.compareTo(Duration.ofSeconds(1)) < 0) throw new ConfigException("scrub.interval must be at least 1s");
    }
}
