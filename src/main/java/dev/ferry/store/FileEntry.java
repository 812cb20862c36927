package dev.ferry.store;

import dev.ferry.core.Digest;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One published file: which blob it is, how it is served and where it came from.
 * {@code family} names the artifact family that validated it ("file" for plain files);
 * {@code metadata} holds what that family extracted (free-form, sorted for stable output).
 */
public record FileEntry(Digest digest, long size, String mediaType, String family, Instant publishedAt,
                        Map<String, String> metadata) {
    public static final String DEFAULT_MEDIA_TYPE = "application/octet-stream";
    public static final String PLAIN_FAMILY = "file";
    private static final Map<String, String> NO_METADATA = Collections.unmodifiableSortedMap(new TreeMap<>());

    public FileEntry {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(publishedAt, "publishedAt");
        if (size < 0) throw new IllegalArgumentException("negative size");
        mediaType = mediaType == null || mediaType.isBlank() ? DEFAULT_MEDIA_TYPE : mediaType;
        family = family == null || family.isBlank() ? PLAIN_FAMILY : family;
        metadata = metadata == null || metadata.isEmpty() ? NO_METADATA
                : Collections.unmodifiableSortedMap(new TreeMap<>(metadata));
    }

    /** Same served content and description, ignoring when it was published. */
    public boolean sameContent(FileEntry other) {
        return digest.equals(other.digest) && size == other.size && mediaType.equals(other.mediaType)
                && family.equals(other.family) && metadata.equals(other.metadata);
    }
}
