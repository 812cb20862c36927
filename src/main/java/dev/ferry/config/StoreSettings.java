package dev.ferry.config;

import com.fasterxml.jackson.annotation.JsonFormat;

import java.time.Duration;
import java.util.List;

/**
 * @param path            store directory
 * @param keepGenerations generations `ferry gc` keeps (the current one is always kept)
 * @param reloadInterval  how often a running server checks for a newly published generation
 * @param keepUntagged    superseded (untagged, unreferenced) OCI manifests each repository keeps, newest first
 * @param pinned          {@code repository@sha256:<hex>} manifests kept in their repository although untagged
 */
public record StoreSettings(String path, int keepGenerations, Duration reloadInterval, int keepUntagged,
                            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> pinned) {

    public StoreSettings {
        pinned = pinned == null ? List.of() : List.copyOf(pinned);
    }

    public static StoreSettings defaults() {
        return new StoreSettings("./ferry-data", 5, Duration.ofSeconds(2), 2, List.of());
    }

    void validate() {
        if (path == null || path.isBlank()) throw new ConfigException("store.path must not be empty");
        if (keepGenerations < 1) throw new ConfigException("store.keepGenerations must be at least 1");
        Durations.requirePositive("store.reloadInterval", reloadInterval);
        if (keepUntagged < 0) throw new ConfigException("store.keepUntagged must not be negative");
        for (String p : pinned) {
            int at = p == null ? -1 : p.indexOf("@sha256:");
            if (at <= 0 || !p.substring(at + 8).matches("[0-9a-f]{64}")) {
                throw new ConfigException("store.pinned entry '" + p + "' is not repository@sha256:<64 hex digits>");
            }
        }
    }
}
