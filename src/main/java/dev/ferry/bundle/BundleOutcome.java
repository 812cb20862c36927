package dev.ferry.bundle;

import dev.ferry.store.CatalogPath;
import dev.ferry.store.FileEntry;
import dev.ferry.store.Generation;
import dev.ferry.store.OciRepository;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a store would serve after importing a bundle, in the order {@link BundleInput} applies the
 * manifest (bundle.md §7); lets {@code bundle verify --store} judge a downgrade without importing.
 */
record BundleOutcome(Map<String, FileEntry> files, Map<String, OciRepository> repositories) {

    static BundleOutcome of(Generation current, BundleManifest m) {
        TreeMap<String, FileEntry> files = new TreeMap<>(current.files());
        for (String prefix : m.replace()) files.keySet().removeIf(p -> CatalogPath.of(p).isUnder(prefix));
        m.remove().forEach(files::remove);
        m.files().forEach((path, f) -> files.put(path, new FileEntry(f.digest(), f.size(), f.mediaType(), f.family(),
                Instant.EPOCH, f.metadata())));
        TreeMap<String, OciRepository> repositories = new TreeMap<>(current.repositories());
        for (String name : m.replaceTags()) repositories.computeIfPresent(name, (n, r) -> r.withoutTags());
        m.repositories().forEach((name, repo) -> repositories.merge(name, repo, OciRepository::merge));
        return new BundleOutcome(files, repositories);
    }
}
