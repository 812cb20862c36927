package dev.ferry.oci;

import dev.ferry.core.oci.UpstreamNames;
import dev.ferry.store.Generation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which repository a registry request means, for one generation: built once per generation so
 * that each request costs a hash lookup. The rules (artifacts-layout/mirror.md):
 * <ol>
 *   <li>with containerd's {@code ns=<host>}: {@code <host>/<path>} (Docker Hub's one-segment
 *       paths under {@code library/}), else {@code <path>} as stored (plain repositories);</li>
 *   <li>without it: {@code <path>} as stored (plain or the explicit {@code <host>/<path>} form),
 *       then the explicit form normalised ({@code docker.io/nginx}), then the one upstream-qualified
 *       repository whose path is {@code <path>}; two or more are ambiguous.</li>
 * </ol>
 */
final class MirrorIndex {
    private final Generation generation;
    /** upstream path (and Docker Hub's short form) → the stored names serving it */
    private final Map<String, List<String>> byPath = new HashMap<>();

    private MirrorIndex(Generation generation) {
        this.generation = generation;
        for (String name : generation.repositories().keySet()) {
            UpstreamNames.Qualified q = UpstreamNames.split(name);
            if (q == null || !q.name().equals(name)) continue; // plain, or not in its normal form: exact requests only
            byPath.computeIfAbsent(q.path(), k -> new ArrayList<>(1)).add(name);
            if (q.host().equals(UpstreamNames.DOCKER_HUB) && q.path().startsWith("library/") && q.path().indexOf('/', 8) < 0) {
                byPath.computeIfAbsent(q.path().substring(8), k -> new ArrayList<>(1)).add(name);
            }
        }
    }

    static MirrorIndex of(Generation generation) {
        return new MirrorIndex(generation);
    }

    Generation generation() {
        return generation;
    }

    /**
     * @param name       the stored repository, or null when none answers
     * @param upstream   the upstream host the request is taken to mean (for the wanted list)
     * @param path       the repository path under that host
     * @param candidates the stored names an ambiguous path matches (two or more), else empty
     */
    record Resolution(String name, String upstream, String path, List<String> candidates) {
        boolean found() {
            return name != null;
        }

        boolean ambiguous() {
            return candidates.size() > 1;
        }

        /** The image reference as an images list writes it, e.g. {@code docker.io/library/nginx:1.25}. */
        String reference(String tagOrDigest) {
            return upstream + "/" + path + (tagOrDigest.indexOf(':') >= 0 ? "@" : ":") + tagOrDigest;
        }
    }

    /** @param ns containerd's {@code ns} query parameter, or null */
    Resolution resolve(String path, String ns) {
        Map<String, ?> repos = generation.repositories();
        if (UpstreamNames.isValidHost(ns)) { // any other ns is ignored: it is the client's text
            String host = UpstreamNames.canonicalHost(ns);
            String qualified = UpstreamNames.qualify(host, path);
            if (repos.containsKey(qualified)) return found(qualified, host, path);
            if (repos.containsKey(path)) return found(path, host, path);
            return missing(host, path);
        }
        if (repos.containsKey(path)) return found(path, UpstreamNames.DOCKER_HUB, path);
        UpstreamNames.Qualified explicit = UpstreamNames.split(path);
        if (explicit != null) {
            return repos.containsKey(explicit.name()) ? found(explicit.name(), null, null) : missing(explicit.host(), explicit.path());
        }
        List<String> matches = byPath.getOrDefault(path, List.of());
        if (matches.size() == 1) return found(matches.get(0), null, null);
        if (matches.size() > 1) return new Resolution(null, null, path, List.copyOf(matches));
        return missing(UpstreamNames.DOCKER_HUB, path); // no host said: Docker Hub, as Docker assumes
    }

    private static Resolution found(String name, String host, String path) {
        UpstreamNames.Qualified q = UpstreamNames.split(name);
        if (q != null) return new Resolution(name, q.host(), q.path(), List.of());
        return new Resolution(name, host, UpstreamNames.normalPath(host, path), List.of());
    }

    private static Resolution missing(String host, String path) {
        return new Resolution(null, host, UpstreamNames.normalPath(host, path), List.of());
    }
}
