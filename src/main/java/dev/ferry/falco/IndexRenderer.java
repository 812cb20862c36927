package dev.ferry.falco;

import dev.ferry.core.Digest;
import dev.ferry.store.DamagedBlobException;
import dev.ferry.store.FileEntry;
import dev.ferry.store.Generation;
import dev.ferry.store.LiveCatalog;

import dev.ferry.store.DamagedBlobException;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bytes a published falcoctl index is served as: rewritten from the stored original for the
 * generation being served (so a repository imported later, or a changed publicUrl, is reflected
 * without re-importing the index) and cached per generation, path and registry address.
 */
final class IndexRenderer {
    /** Host header values are client input: a bounded number of renderings is kept. */
    private static final int MAX_CACHED = 64;

    private final LiveCatalog catalog;
    private final boolean stripSignatures;
    private final Map<Key, Rendered> cache = new ConcurrentHashMap<>();

    private record Key(long generation, String path, String registry) {
    }

    /** One rendering: its bytes and their digest (the ETag). */
    record Rendered(byte[] bytes, Digest digest, Instant lastModified, long generation) {
    }

    IndexRenderer(LiveCatalog catalog, boolean stripSignatures) {
        this.catalog = catalog;
        this.stripSignatures = stripSignatures;
        catalog.onChange(g -> cache.clear());
    }

    Rendered cached(Generation g, String path, String registry) {
        return cache.get(new Key(g.number(), path, registry == null ? "" : registry));
    }

    /** Reads the original blob and rewrites it; blocking. */
    Rendered render(Generation g, String path, FileEntry entry, String registry) throws IOException {
        byte[] original;
        try (InputStream in = catalog.store().blobs().open(entry.digest())) {
            original = in.readAllBytes();
        }
        if (!Digest.ofBytes(original).equals(entry.digest())) throw new DamagedBlobException("blob " + entry.digest() + " of " + path + " is damaged (its bytes hash differently)");
        byte[] bytes = FalcoIndex.rewrite(original, registry, g.repositories().keySet(), stripSignatures);
        Rendered r = new Rendered(bytes, Digest.ofBytes(bytes), entry.publishedAt(), g.number());
        if (cache.size() >= MAX_CACHED) cache.clear();
        cache.put(new Key(g.number(), path, registry == null ? "" : registry), r);
        return r;
    }
}
