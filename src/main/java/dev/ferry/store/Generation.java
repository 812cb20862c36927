package dev.ferry.store;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An immutable catalog: everything Ferry serves at one point in time. Generations are numbered
 * 1, 2, 3… and never change once written; publishing writes a new one and moves the current pointer.
 *
 * @param number    this generation's number (0 only for the empty catalog of a new store)
 * @param parent    the generation this one was derived from, 0 if none
 * @param createdAt when it was written
 * @param origin    a one-line description of the change that produced it (import source, rollback…)
 * @param files     served files by catalog path
 */
public record Generation(String format, long number, long parent, Instant createdAt, String origin,
                         NavigableMap<String, FileEntry> files) {
    public static final String FORMAT = "ferry.generation.v1";

    public Generation {
        if (!FORMAT.equals(format)) throw new IllegalArgumentException("unsupported generation format: " + format);
        Objects.requireNonNull(createdAt, "createdAt");
        origin = origin == null ? "" : origin;
        TreeMap<String, FileEntry> copy = new TreeMap<>();
        if (files != null) {
            files.forEach((path, entry) -> copy.put(CatalogPath.of(path).value(), Objects.requireNonNull(entry, path)));
        }
        files = Collections.unmodifiableNavigableMap(copy);
    }

    public Generation(long number, long parent, Instant createdAt, String origin, Map<String, FileEntry> files) {
        this(FORMAT, number, parent, createdAt, origin, new TreeMap<>(files));
    }

    public static Generation empty() {
        return new Generation(0, 0, Instant.EPOCH, "empty store", Map.of());
    }

    public Optional<FileEntry> file(CatalogPath path) {
        return Optional.ofNullable(files.get(path.value()));
    }

    /** Every blob this generation needs; garbage collection keeps exactly the union of these. */
    @JsonIgnore
    public Set<Digest> referencedDigests() {
        Set<Digest> digests = new TreeSet<>();
        files.values().forEach(f -> digests.add(f.digest()));
        return digests;
    }

    /** Sum of the sizes of the distinct blobs referenced. */
    @JsonIgnore
    public long referencedBytes() {
        Map<Digest, Long> sizes = new TreeMap<>();
        files.values().forEach(f -> sizes.put(f.digest(), f.size()));
        return sizes.values().stream().mapToLong(Long::longValue).sum();
    }

    /** True when both serve the same content at the same paths (publish times aside). */
    public boolean sameContent(Generation other) {
        if (!files.keySet().equals(other.files.keySet())) return false;
        for (Map.Entry<String, FileEntry> e : files.entrySet()) {
            if (!e.getValue().sameContent(other.files.get(e.getKey()))) return false;
        }
        return true;
    }
}
