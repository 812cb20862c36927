package dev.ferry.http;

import dev.ferry.core.Digest;
import dev.ferry.store.FileEntry;
import dev.ferry.store.Generation;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** Generations built in memory, for tests of what the HTTP side derives from a catalog. */
final class CatalogFixtures {
    static final Instant PUBLISHED = Instant.parse("2024-03-01T10:00:00Z");

    private CatalogFixtures() {
    }

    static FileEntry entry(String content, Map<String, String> metadata) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return new FileEntry(Digest.ofBytes(bytes), bytes.length, null, null, PUBLISHED, metadata);
    }

    /** A generation publishing each path with its own path as content. */
    static Generation generation(String... paths) {
        Map<String, FileEntry> files = new TreeMap<>();
        for (String p : paths) files.put(p, entry(p, Map.of()));
        return new Generation(7, 6, PUBLISHED, "test", files);
    }
}
