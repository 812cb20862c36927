package dev.ferry.status;

import dev.ferry.core.oci.UpstreamNames;
import dev.ferry.store.BlobStore;
import dev.ferry.core.Digest;
import dev.ferry.store.FileEntry;
import dev.ferry.store.Generation;
import dev.ferry.store.OciRepository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A generation as people look at it: every artifact with its family, version, digest, size and
 * upstream freshness. An artifact is one content with every path or repository:tag serving it
 * (a Falco driver published at both layouts is one artifact). Building it reads the stored manifests (for OCI sizes), so it is built off
 * the event loop, once per generation.
 */
public record CatalogView(long generation, Instant createdAt, String origin, int repositories, int tags,
                          long referencedBytes, List<Artifact> artifacts) {
    private static final Comparator<Artifact> ORDER = Comparator.comparing(Artifact::family)
            .thenComparing(Artifact::name)
            .thenComparing(Artifact::updatedAt, Comparator.nullsLast(Comparator.reverseOrder())) // newest first
            .thenComparing(a -> a.servedAs().isEmpty() ? "" : a.servedAs().get(0));

    public CatalogView {
        artifacts = List.copyOf(artifacts);
    }

    public static CatalogView of(Generation g, BlobStore blobs) {
        Map<List<Object>, Artifact> files = new LinkedHashMap<>(); // one artifact per content, whatever paths serve it
        g.files().forEach((path, f) -> files.merge(List.of(f.family(), f.digest(), f.metadata()), file(path, f),
                (a, b) -> withServedAs(a, concat(a.servedAs(), b.servedAs()))));
        List<Artifact> artifacts = new ArrayList<>(files.values());
        Map<String, Artifact> byDigest = new LinkedHashMap<>();
        int tags = 0;
        for (Map.Entry<String, OciRepository> r : g.repositories().entrySet()) {
            OciRepository repo = r.getValue();
            for (Map.Entry<String, Digest> t : repo.tags().entrySet()) {
                tags++;
                String digest = t.getValue().toString();
                OciRepository.OciManifest m = repo.manifests().get(digest);
                if (m == null) continue;
                String reference = r.getKey() + ":" + t.getKey();
                Artifact seen = byDigest.get(digest);
                if (seen != null) {
                    Artifact more = withServedAs(seen, concat(seen.servedAs(), List.of(reference)));
                    byDigest.put(digest, withProvenance(more, m.metadata()));
                    continue;
                }
                Map<String, String> meta = m.metadata();
                Map<String, String> shown = shown(meta);
                List<String> platforms = ImagePlatforms.of(repo, t.getValue(), blobs);
                if (!platforms.isEmpty()) shown.put("platforms", String.join(",", platforms));
                byDigest.put(digest, new Artifact(m.family(), meta.getOrDefault("name", r.getKey()), Artifact.version(meta),
                        Artifact.OCI, digest, ArtifactSize.of(repo, t.getValue(), blobs), m.mediaType(),
                        Artifact.instant(meta, "updatedAt"), Artifact.instant(meta, "nextUpdate"), null, List.of(reference),
                        shown));
            }
        }
        artifacts.addAll(byDigest.values());
        artifacts.sort(ORDER);
        return new CatalogView(g.number(), g.createdAt(), g.origin(), g.repositories().size(), tags, g.referencedBytes(), artifacts);
    }

    private static Artifact file(String path, FileEntry f) {
        Map<String, String> meta = f.metadata();
        return new Artifact(f.family(), meta.getOrDefault("name", path.substring(path.lastIndexOf('/') + 1)), Artifact.version(meta), Artifact.FILE,
                f.digest().toString(), f.size(), f.mediaType(), Artifact.instant(meta, "updatedAt"),
                Artifact.instant(meta, "nextUpdate"), f.publishedAt(), List.of(path), meta);
    }

    private static Artifact withServedAs(Artifact a, List<String> servedAs) {
        return new Artifact(a.family(), a.name(), a.version(), a.kind(), a.digest(), a.size(), a.mediaType(), a.updatedAt(),
                a.nextUpdate(), a.publishedAt(), servedAs, a.metadata());
    }

    /** Where a fetched manifest came from is recorded on the repository it was fetched for, not on its aliases. */
    private static Artifact withProvenance(Artifact a, Map<String, String> other) {
        if (a.metadata().containsKey("upstream") || !other.containsKey("upstream")) return a;
        Map<String, String> meta = new TreeMap<>(a.metadata());
        for (String k : List.of("upstream", "verified", "fetched", "specEntry")) {
            if (other.containsKey(k)) meta.put(k, other.get(k));
        }
        return new Artifact(a.family(), a.name(), a.version(), a.kind(), a.digest(), a.size(), a.mediaType(), a.updatedAt(),
                a.nextUpdate(), a.publishedAt(), a.servedAs(), meta);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Manifest metadata worth showing (annotations and subjects are for the registry API). */
    private static Map<String, String> shown(Map<String, String> meta) {
        Map<String, String> copy = new TreeMap<>(meta);
        copy.keySet().removeAll(List.of("annotations", "subject", "artifactType"));
        return copy;
    }

    /** Artifacts by family, families in name order. */
    public Map<String, List<Artifact>> byFamily() {
        Map<String, List<Artifact>> families = new TreeMap<>();
        for (Artifact a : artifacts) families.computeIfAbsent(a.family(), k -> new ArrayList<>()).add(a);
        return families;
    }

    /**
     * Container images by upstream host: OCI artifacts served under an upstream-qualified repository
     * ({@code docker.io/library/nginx:1.25}), hosts in name order. An image served under two hosts
     * is listed under each.
     */
    public Map<String, List<Artifact>> imagesByUpstream() {
        Map<String, List<Artifact>> hosts = new TreeMap<>();
        for (Artifact a : artifacts) {
            if (!Artifact.OCI.equals(a.kind())) continue;
            java.util.Set<String> seen = new java.util.TreeSet<>();
            for (String ref : a.servedAs()) {
                UpstreamNames.Qualified q = UpstreamNames.split(ref);
                if (q != null && seen.add(q.host())) hosts.computeIfAbsent(q.host(), k -> new ArrayList<>()).add(a);
            }
        }
        return hosts;
    }

    /** Artifacts whose content states an upstream update time. */
    public List<Artifact> dated() {
        return artifacts.stream().filter(a -> a.updatedAt() != null).toList();
    }
}
