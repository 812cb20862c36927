package dev.ferry.oci;

import dev.ferry.store.Generation;
import dev.ferry.store.OciRepository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a generation serves over the registry API: counts, and for each artifact that carries
 * upstream freshness (a Trivy DB's UpdatedAt / NextUpdate) one line per distinct manifest with every
 * repository:tag that serves it.
 */
public record OciStatus(int repositories, int tags, List<Dated> dated) {

    /** A manifest with upstream times; {@code references} are the repository:tag names serving it. */
    public record Dated(String family, String name, String digest, Map<String, String> metadata, List<String> references) {
        public boolean overdue(Instant now) {
            String next = metadata.get("nextUpdate");
            return next != null && Instant.parse(next).isBefore(now);
        }

        public Map<String, Object> toJson(Instant now) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("family", family);
            json.put("name", name);
            json.put("digest", digest);
            json.putAll(metadata);
            json.put("overdue", overdue(now));
            json.put("references", references);
            return json;
        }
    }

    public static OciStatus of(Generation generation) {
        int tags = 0;
        Map<String, Dated> byDigest = new TreeMap<>();
        for (Map.Entry<String, OciRepository> r : generation.repositories().entrySet()) {
            OciRepository repo = r.getValue();
            tags += repo.tags().size();
            for (Map.Entry<String, dev.ferry.store.Digest> t : repo.tags().entrySet()) {
                String digest = t.getValue().toString();
                OciRepository.OciManifest m = repo.manifests().get(digest);
                if (m == null || !m.metadata().containsKey("updatedAt")) continue;
                Dated d = byDigest.computeIfAbsent(digest, k -> new Dated(m.family(), m.metadata().getOrDefault("name", r.getKey()),
                        digest, without(m.metadata(), "name", "annotations", "subject", "artifactType"), new ArrayList<>()));
                d.references().add(r.getKey() + ":" + t.getKey());
            }
        }
        List<Dated> dated = new ArrayList<>(byDigest.values());
        dated.sort((a, b) -> a.name().equals(b.name()) ? b.metadata().get("updatedAt").compareTo(a.metadata().get("updatedAt"))
                : a.name().compareTo(b.name()));
        return new OciStatus(generation.repositories().size(), tags, dated);
    }

    private static Map<String, String> without(Map<String, String> m, String... keys) {
        Map<String, String> copy = new TreeMap<>(m);
        for (String k : keys) copy.remove(k);
        return copy;
    }

    /** Human-readable lines for {@code ferry status}. */
    public List<String> lines(Instant now) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("repositories: %d (%d tags)", repositories, tags));
        for (Dated d : dated) {
            Map<String, String> m = d.metadata();
            lines.add(String.format("%-13s updated %s, next update %s%s", d.name() + ":", m.get("updatedAt"),
                    m.getOrDefault("nextUpdate", "-"), d.overdue(now) ? " (overdue)" : ""));
            lines.add("              " + d.digest().substring(0, 19) + "… as " + String.join(", ", d.references()));
        }
        return lines;
    }
}
