package dev.ferry.http;

import dev.ferry.status.Artifact;
import dev.ferry.status.Human;
import dev.ferry.status.StatusReport;

import java.util.List;
import java.util.Map;

import static dev.ferry.http.CatalogPage.esc;

/** The catalog page's container image sections: images by upstream host, and images clients asked for in vain. */
final class CatalogImages {
    /** The status section of the images clients asked the registry for in vain. */
    static final String WANTED_IMAGES = "wantedImages";

    private CatalogImages() {
    }

    static void byUpstream(StringBuilder out, StatusReport r) {
        Map<String, List<Artifact>> hosts = r.catalog().imagesByUpstream();
        if (hosts.isEmpty()) return;
        out.append("<section id=\"images\">\n<h2>Images by upstream</h2>\n");
        hosts.forEach((host, list) -> {
            out.append("<h3 id=\"upstream-").append(esc(host)).append("\">").append(esc(host)).append(" <span class=\"muted\">(")
                    .append(list.size()).append(")</span></h3>\n<table>\n<tr><th>Image</th><th>Platforms</th>")
                    .append("<th>Digest</th><th>Size</th></tr>\n");
            for (Artifact a : list.subList(0, Math.min(CatalogPage.MAX_ROWS, list.size()))) {
                List<String> refs = a.servedAs().stream().filter(ref -> ref.startsWith(host + "/")).toList();
                out.append("<tr><td>").append(esc(String.join(", ", refs))).append("</td><td>")
                        .append(esc(a.metadata().getOrDefault("platforms", "").replace(",", ", "))).append("</td><td><code title=\"")
                        .append(esc(a.digest())).append("\">").append(esc(CatalogPage.shortDigest(a.digest())))
                        .append("</code></td><td class=\"num\" title=\"").append(a.size()).append(" bytes\">")
                        .append(esc(Human.bytes(a.size()))).append("</td></tr>\n");
            }
            out.append("</table>\n");
        });
        out.append("</section>\n");
    }

    static void wanted(StringBuilder out, StatusReport r) {
        if (r.section(WANTED_IMAGES).isEmpty()) return;
        out.append("<section id=\"wanted-images\">\n<h2>Images wanted</h2>\n")
                .append("<p>Bring these across in the next bundle (<code>ferry wanted --output images</code> writes them as an ")
                .append("images list):</p>\n<table>\n<tr><th>Image</th><th>Upstream</th><th>Requests</th><th>Last asked (UTC)</th></tr>\n");
        for (Map<String, Object> w : r.section(WANTED_IMAGES)) {
            String reference = CatalogPage.text(w, "reference");
            String upstream = reference.substring(0, Math.max(0, reference.indexOf('/'))); // references start with their upstream host
            out.append("<tr><td><code>").append(esc(reference)).append("</code></td><td>").append(esc(upstream))
                    .append("</td><td class=\"num\">").append(CatalogPage.text(w, "requests")).append("</td><td class=\"t\">")
                    .append(CatalogPage.time((java.time.Instant) w.get("lastSeen"))).append("</td></tr>\n");
        }
        out.append("</table>\n</section>\n");
    }
}
