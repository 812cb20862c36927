package dev.ferry.importer;

import dev.ferry.store.FileEntry;

import java.util.Locale;
import java.util.Map;

/** Media types for plain files, by file name; anything unknown is served as octet-stream. */
public final class MediaTypes {
    private static final Map<String, String> BY_SUFFIX = Map.ofEntries(
            Map.entry(".yaml", "application/yaml"),
            Map.entry(".yml", "application/yaml"),
            Map.entry(".json", "application/json"),
            Map.entry(".txt", "text/plain; charset=utf-8"),
            Map.entry(".html", "text/html; charset=utf-8"),
            Map.entry(".zip", "application/zip"),
            Map.entry(".gz", "application/gzip"),
            Map.entry(".tgz", "application/gzip"),
            Map.entry(".zst", "application/zstd"),
            Map.entry(".tar", "application/x-tar"),
            Map.entry(".sha256", "text/plain; charset=utf-8"),
            Map.entry(".sha512", "text/plain; charset=utf-8"),
            Map.entry(".asc", "application/pgp-signature"),
            Map.entry(".sig", "application/pgp-signature"));

    private MediaTypes() {
    }

    public static String forFileName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        int dot = lower.lastIndexOf('.');
        if (dot < 0) return FileEntry.DEFAULT_MEDIA_TYPE;
        return BY_SUFFIX.getOrDefault(lower.substring(dot), FileEntry.DEFAULT_MEDIA_TYPE);
    }
}
