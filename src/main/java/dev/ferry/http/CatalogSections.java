package dev.ferry.http;

import dev.ferry.status.StatusReport;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.ferry.http.CatalogPage.esc;

/**
 * The catalog page's view of status sections it has no dedicated section for (a newly added
 * family's): one table per non-empty section, a column per field, every value escaped.
 */
final class CatalogSections {
    /** The sections the page shows in sections of their own. */
    private static final Set<String> DEDICATED = Set.of(CatalogPage.WANTED_DRIVERS, CatalogImages.WANTED_IMAGES);

    private CatalogSections() {
    }

    static void others(StringBuilder out, StatusReport r) {
        r.sections().forEach((key, entries) -> {
            if (DEDICATED.contains(key) || entries.isEmpty()) return;
            Set<String> columns = new LinkedHashSet<>();
            entries.forEach(e -> columns.addAll(e.keySet()));
            out.append("<section id=\"section-").append(esc(key)).append("\">\n<h2>").append(esc(key)).append("</h2>\n<table>\n<tr>");
            columns.forEach(c -> out.append("<th>").append(esc(c)).append("</th>"));
            out.append("</tr>\n");
            for (Map<String, Object> e : entries.subList(0, Math.min(CatalogPage.MAX_ROWS, entries.size()))) {
                out.append("<tr>");
                columns.forEach(c -> out.append("<td>").append(cell(e.get(c))).append("</td>"));
                out.append("</tr>\n");
            }
            out.append("</table>\n</section>\n");
        });
    }

    private static String cell(Object value) {
        if (value instanceof Instant t) return CatalogPage.time(t);
        if (value instanceof List<?> list) return esc(String.join(", ", list.stream().map(String::valueOf).toList()));
        return value == null ? "" : esc(value.toString());
    }
}
