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
 * @param backend         {@value #FILESYSTEM} (everything under {@code path}) or {@value #S3} (blobs and catalog in
 *                        a bucket, {@code path} keeps the local state: lock, journal, staging, cache)
 * @param s3              the bucket, for {@code backend: s3}
 */
public record StoreSettings(String path, int keepGenerations, Duration reloadInterval, int keepUntagged,
                            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> pinned,
                            String backend, S3Settings s3) {
    public static final String FILESYSTEM = "filesystem";
    public static final String S3 = "s3";

    public StoreSettings {
        pinned = pinned == null ? List.of() : List.copyOf(pinned);
        backend = backend == null ? FILESYSTEM : backend;
        s3 = s3 == null ? S3Settings.defaults() : s3;
    }

    public StoreSettings(String path, int keepGenerations, Duration reloadInterval, int keepUntagged, List<String> pinned) {
        this(path, keepGenerations, reloadInterval, keepUntagged, pinned, FILESYSTEM, S3Settings.defaults());
    }

    public static StoreSettings defaults() {
        return new StoreSettings("./ferry-data", 5, Duration.ofSeconds(2), 2, List.of());
    }

    public boolean onS3() {
        return S3.equals(backend);
    }

    void validate() {
        if (path == null || path.isBlank()) throw new ConfigException("store.path must not be empty");
        switch (backend) {
            case S3 -> s3.validate();
            case FILESYSTEM -> {
                if (!s3.bucket().isEmpty() || !s3.endpoint().isEmpty()) {
                    throw new ConfigException("store.s3 names a bucket or endpoint but store.backend is filesystem;"
                            + " set store.backend: s3 to keep the store in the bucket, or remove store.s3");
                }
            }
            default -> throw new ConfigException("store.backend '" + backend + "' is not one of filesystem, s3");
        }
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
