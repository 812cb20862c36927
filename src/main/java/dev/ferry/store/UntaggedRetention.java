package dev.ferry.store;

import dev.ferry.core.Digest;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Trims a changed OCI repository to what it should go on serving: everything its tags reach (an
 * index's children, referrers of kept manifests), what this commit brought, pinned digests, and the
 * newest {@link RetentionPolicy#keepUntagged} other manifests. Blobs only dropped manifests used go
 * too, so that gc can free them once no kept generation needs them.
 */
final class UntaggedRetention {
    /** Opens a blob the transaction can see (staged or stored). */
    interface Blobs {
        InputStream open(Digest digest) throws IOException;
    }

    private final RetentionPolicy policy;
    private final Blobs blobs;

    UntaggedRetention(RetentionPolicy policy, Blobs blobs) {
        this.policy = policy;
        this.blobs = blobs;
    }

    /**
     * @param fresh manifests this commit added to the repository
     * @return the repository as published; unchanged when any manifest cannot be read (keeping too
     *         much is safe, dropping what a tag needs is not)
     */
    OciRepository trim(String name, OciRepository repo, Set<String> fresh) throws IOException {
        Map<String, ManifestLinks> links = new TreeMap<>();
        try {
            for (String d : repo.manifests().keySet()) {
                try (InputStream in = blobs.open(Digest.parse(d))) {
                    links.put(d, ManifestLinks.read(in));
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            return repo;
        }
        Set<String> kept = new HashSet<>();
        repo.tags().values().forEach(d -> reach(d.toString(), links, kept));
        for (String d : repo.manifests().keySet()) {
            if (fresh.contains(d) || policy.pins(name, d)) reach(d, links, kept);
        }
        keepReferrers(repo, links, kept);
        List<String> untagged = repo.manifests().keySet().stream().filter(d -> !kept.contains(d))
                .sorted(Comparator.comparing((String d) -> publishedAt(repo, d)).reversed().thenComparing(Comparator.reverseOrder()))
                .limit(policy.keepUntagged()).toList();
        untagged.forEach(d -> reach(d, links, kept));
        keepReferrers(repo, links, kept);
        if (kept.size() == repo.manifests().size()) return repo;

        Map<String, OciRepository.OciManifest> manifests = new TreeMap<>(repo.manifests());
        manifests.keySet().retainAll(kept);
        Set<String> used = new HashSet<>();
        kept.forEach(d -> used.addAll(links.get(d).blobs()));
        Map<String, Long> blobSizes = new TreeMap<>(repo.blobs());
        blobSizes.keySet().retainAll(used);
        return new OciRepository(repo.tags(), manifests, blobSizes);
    }

    private static Instant publishedAt(OciRepository repo, String digest) {
        Instant t = repo.manifests().get(digest).publishedAt();
        return t == null ? Instant.EPOCH : t;
    }

    /** Adds {@code root} and every manifest it lists (transitively) that the repository has. */
    private static void reach(String root, Map<String, ManifestLinks> links, Set<String> kept) {
        Deque<String> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            String d = todo.pop();
            if (!links.containsKey(d) || !kept.add(d)) continue;
            todo.addAll(links.get(d).manifests());
        }
    }

    /** Signatures, SBOMs and other referrers stay as long as their subject does. */
    private static void keepReferrers(OciRepository repo, Map<String, ManifestLinks> links, Set<String> kept) {
        boolean added = true;
        while (added) {
            added = false;
            for (Map.Entry<String, OciRepository.OciManifest> m : repo.manifests().entrySet()) {
                String subject = m.getValue().metadata().get("subject");
                if (subject != null && kept.contains(subject) && !kept.contains(m.getKey())) {
                    reach(m.getKey(), links, kept);
                    added = true;
                }
            }
        }
    }
}
