package dev.ferry.config;

import java.time.Duration;

/**
 * @param path            store directory
 * @param keepGenerations generations `ferry gc` keeps (the current one is always kept)
 * @param reloadInterval  how often a running server checks for a newly published generation
 */
public record StoreSettings(String path, int keepGenerations, Duration reloadInterval) {

    public static StoreSettings defaults() {
        return new StoreSettings("./ferry-data", 5, Duration.ofSeconds(2));
    }

    void validate() {
        if (path == null || path.isBlank()) throw new ConfigException("store.path must not be empty");
        if (keepGenerations < 1) throw new ConfigException("store.keepGenerations must be at least 1");
        Durations.requirePositive("store.reloadInterval", reloadInterval);
    }
}
