package dev.ferry.store;

import java.util.Set;

/**
 * What an OCI repository keeps of manifests no tag reaches any more (config {@code store.keepUntagged},
 * {@code store.pinned}). Whatever a tag reaches always stays.
 *
 * @param keepUntagged the newest untagged, unreferenced manifests each repository keeps
 * @param pinned       {@code repository@sha256:<hex>} manifests that stay in their repository regardless
 */
public record RetentionPolicy(int keepUntagged, Set<String> pinned) {
    public static final RetentionPolicy DEFAULT = new RetentionPolicy(2, Set.of());

    public RetentionPolicy {
        if (keepUntagged < 0) throw new IllegalArgumentException("keepUntagged must not be negative");
        pinned = Set.copyOf(pinned);
    }

    boolean pins(String repository, String digest) {
        return pinned.contains(repository + "@" + digest);
    }
}
