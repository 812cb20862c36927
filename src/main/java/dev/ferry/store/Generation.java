package dev.ferry.store;

import dev.ferry.core.Digest;

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
 * @param files        served files by catalog path
 * @param repositories OCI repositories by name (e.g. "aquasec/trivy-db")
 */
public record Generation(String format, long number, long parent, Instant createdAt, String origin,
                         NavigableMap<String, FileEntry> files, NavigableMap<String, OciRepository> repositories) {
    public static final String FORMAT = "ferry.generation.v1";

    public Generation {
        if (!FORMAT.equals(format)) throw new IllegalArgumentException("unsupported generation format: " + format);
        Objects.requireNonNull(createdAt, "createdAt");
        origin = origin == null ? "" : origin;
        if (files != null) {
            files.forEach((path, entry) -> {
                CatalogPath.of(path);
                Objects.requireNonNull(entry, path);
            });
        }
        // a sorted map with natural order is copied in linear time; at 100k entries that matters
        TreeMap<String, FileEntry> copy = files == null ? new TreeMap<>() : new TreeMap<>(naturallySorted(files));
        files = Collections.unmodifiableNavigableMap(copy);
        TreeMap<String, OciRepository> repos = new TreeMap<>();
        if (repositories != null) repositories.forEach((name, repo) -> repos.put(name, Objects.requireNonNull(repo, name)));
        repositories = Collections.unmodifiableNavigableMap(repos);
    }

    private static <V> java.util.SortedMap<String, V> naturallySorted(NavigableMap<String, V> map) {
        return map.comparator() == null ? map : new TreeMap<>(map);
    }

    public Generation(long number, long parent, Instant createdAt, String origin, Map<String, FileEntry> files,
                      Map<String, OciRepository> repositories) {
        this(FORMAT, number, parent, createdAt, origin, files instanceof NavigableMap<String, FileEntry> sorted ? sorted
                : new TreeMap<>(files), new TreeMap<>(repositories));
    }

    public Generation(long number, long parent, Instant createdAt, String origin, Map<String, FileEntry> files) {
        this(number, parent, createdAt, origin, files, Map.of());
    }

    public static Generation empty() {
        return new Generation(0, 0, Instant.EPOCH, "empty store", Map.of());
    }

    /** Nothing to serve: no file and no repository. */
    @JsonIgnore
    public boolean isEmpty() {
        return files.isEmpty() && repositories.isEmpty();
    }

    public Optional<OciRepository> repository(String name) {
        return Optional.ofNullable(repositories.get(name));
    }

    /** One blob a generation needs: who needs it (a path, or "repository@digest"), which blob, how big. */
    public record Reference(String owner, Digest digest, long size) {
    }

    /** Every blob reference of this generation: files, then OCI manifests and blobs. */
    @JsonIgnore
    public java.util.List<Reference> references() {
        java.util.List<Reference> refs = new java.util.ArrayList<>();
        files.forEach((path, f) -> refs.add(new Reference(path, f.digest(), f.size())));
        repositories.forEach((name, repo) -> {
            repo.manifests().forEach((d, m) -> refs.add(new Reference(name + "@" + d, Digest.parse(d), m.size())));
            repo.blobs().forEach((d, size) -> refs.add(new Reference(name + "@" + d, Digest.parse(d), size)));
        });
        return refs;
    }

    public Optional<FileEntry> file(CatalogPath path) {
        return Optional.ofNullable(files.get(path.value()));
    }

    /** Every blob this generation needs; garbage collection keeps exactly the union of these. */
    @JsonIgnore
    public Set<Digest> referencedDigests() {
        Set<Digest> digests = new TreeSet<>();
        references().forEach(r -> digests.add(r.digest()));
        return digests;
    }

    /** Sum of the sizes of the distinct blobs referenced. */
    @JsonIgnore
    public long referencedBytes() {
        Map<Digest, Long> sizes = new TreeMap<>();
        references().forEach(r -> sizes.put(r.digest(), r.size()));
        return sizes.values().stream().mapToLong(Long::longValue).sum();
    }

    /** True when both serve the same content at the same paths (publish times aside). */
    public boolean sameContent(Generation other) {
        if (!repositories.equals(other.repositories)) return false;
        if (!files.keySet().equals(other.files.keySet())) return false;
        for (Map.Entry<String, FileEntry> e : files.entrySet()) {
            if (!e.getValue().sameContent(other.files.get(e.getKey()))) return false;
        }
        return true;
    }
}
