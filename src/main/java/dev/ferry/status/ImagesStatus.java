package dev.ferry.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Container images by upstream host, as {@code ferry status} and {@code /api/v1/catalog} show them. */
public final class ImagesStatus {
    private ImagesStatus() {
    }

    /** {@code {host: [{references, digest, platforms, size}]}}, hosts in name order. */
    public static Map<String, Object> json(CatalogView view) {
        Map<String, Object> hosts = new LinkedHashMap<>();
        view.imagesByUpstream().forEach((host, list) -> hosts.put(host, list.stream().map(a -> {
            Map<String, Object> image = new LinkedHashMap<>();
            image.put("references", references(host, a));
            image.put("digest", a.digest());
            image.put("platforms", platforms(a));
            image.put("size", a.size());
            return image;
        }).toList()));
        return hosts;
    }

    public static List<String> lines(CatalogView view) {
        List<String> lines = new ArrayList<>();
        Map<String, List<Artifact>> hosts = view.imagesByUpstream();
        if (hosts.isEmpty()) return lines;
        List<String> counts = new ArrayList<>();
        hosts.forEach((host, list) -> counts.add(host + " (" + list.size() + ")"));
        lines.add("images:       " + String.join(", ", counts));
        hosts.forEach((host, list) -> {
            for (Artifact a : list) {
                List<String> p = platforms(a);
                lines.add("  " + String.join(", ", references(host, a)) + "  " + (p.isEmpty() ? "-" : String.join(",", p))
                        + "  " + Human.bytes(a.size()));
            }
        });
        return lines;
    }

    private static List<String> references(String host, Artifact a) {
        return a.servedAs().stream().filter(r -> r.startsWith(host + "/")).toList();
    }

    private static List<String> platforms(Artifact a) {
        String p = a.metadata().get("platforms");
        return p == null || p.isEmpty() ? List.of() : List.of(p.split(","));
    }
}
