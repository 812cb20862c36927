package dev.ferry.oci;

import dev.ferry.core.oci.UpstreamNames;
import dev.ferry.store.Generation;
import dev.ferry.store.OciRepository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The images clients asked for and did not get: one record per upstream host, repository and tag
 * or digest, with a request count and first/last request times. Memory is bounded as the Falco
 * driver list is: at capacity, the record asked for least (the least recently on a tie) makes room.
 * Thread-safe.
 */
public final class WantedImages {
    public static final int DEFAULT_CAPACITY = 1000;

    private final int capacity;
    private final Map<String, Wanted> byReference = new HashMap<>();
    private long evicted;

    /**
     * @param reference   as an images list writes it: {@code docker.io/library/nginx:1.25}, {@code …@sha256:…}
     * @param upstream    the upstream host ({@code ns=}, the explicit form, else docker.io)
     * @param repository  the repository path under that host
     * @param tagOrDigest what was asked for
     */
    public record Wanted(String reference, String upstream, String repository, String tagOrDigest, long requests,
                         Instant firstSeen, Instant lastSeen) {
    }

    public WantedImages(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1");
        this.capacity = capacity;
    }

    public synchronized void record(String upstream, String repository, String tagOrDigest, Instant now) {
        String reference = upstream + "/" + repository + (tagOrDigest.indexOf(':') >= 0 ? "@" : ":") + tagOrDigest;
        Wanted old = byReference.get(reference);
        if (old == null && byReference.size() >= capacity) {
            Wanted least = byReference.values().stream()
                    .min(Comparator.comparingLong(Wanted::requests).thenComparing(Wanted::lastSeen)).orElseThrow();
            byReference.remove(least.reference());
            evicted++;
        }
        byReference.put(reference, old == null
                ? new Wanted(reference, upstream, repository, tagOrDigest, 1, now, now)
                : new Wanted(reference, upstream, repository, tagOrDigest, old.requests() + 1, old.firstSeen(), now));
    }

    /** Every record, most requested first (most recent first on a tie). */
    public synchronized List<Wanted> snapshot() {
        List<Wanted> all = new ArrayList<>(byReference.values());
        all.sort(Comparator.comparingLong(Wanted::requests).reversed()
                .thenComparing(Wanted::lastSeen, Comparator.reverseOrder()).thenComparing(Wanted::reference));
        return all;
    }

    /** True when {@code g} now answers {@code w} (a later import brought it). */
    public static boolean servedNow(Generation g, Wanted w) {
        OciRepository repo = g.repositories().get(UpstreamNames.qualify(w.upstream(), w.repository()));
        if (repo == null) repo = g.repositories().get(w.repository());
        if (repo == null) return false;
        return w.tagOrDigest().indexOf(':') >= 0 ? repo.manifests().containsKey(w.tagOrDigest()) : repo.tags().containsKey(w.tagOrDigest());
    }

    /** The records {@code g} does not serve (all of them with {@code all}, marked), as {@code /api/v1/wanted} lists them. */
    public List<Map<String, Object>> toJson(Generation g, boolean all) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Wanted w : snapshot()) {
            boolean served = g != null && servedNow(g, w);
            if (served && !all) continue;
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("reference", w.reference());
            o.put("upstream", w.upstream());
            o.put("repository", w.repository());
            o.put(w.tagOrDigest().indexOf(':') >= 0 ? "digest" : "tag", w.tagOrDigest());
            o.put("requests", w.requests());
            o.put("firstSeen", w.firstSeen().toString());
            o.put("lastSeen", w.lastSeen().toString());
            if (all) o.put("servedNow", served);
            list.add(o);
        }
        return list;
    }

    public synchronized long evicted() {
        return evicted;
    }

    public int capacity() {
        return capacity;
    }
}
