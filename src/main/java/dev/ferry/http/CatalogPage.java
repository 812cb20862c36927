package dev.ferry.http;

import dev.ferry.status.Activity;
import dev.ferry.status.Artifact;
import dev.ferry.status.CatalogView;
import dev.ferry.status.Human;
import dev.ferry.status.StatusReport;
import dev.ferry.store.JournalEntry;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The catalog page at {@code /}: one self-contained HTML document (inline style, no script, no
 * external asset, so it works inside the air gap) rendered from a {@link StatusReport}. Every
 * value that came from imported content or the journal is HTML-escaped.
 */
final class CatalogPage {
    /** Rows shown per family; the JSON API has them all. */
    static final int MAX_ROWS = 500;
    /** The status section of the Falco drivers clients asked for in vain (its entries' fields are in status-api.md). */
    static final String WANTED_DRIVERS = "wanted";
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String STYLE = """
            body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:0 16px 32px;color:#1d2733;background:#fff}
            h1{margin:16px 0 4px;font-size:24px}h2{margin:28px 0 8px;font-size:18px;border-bottom:1px solid #d5dbe3;padding-bottom:4px}
            h3{margin:18px 0 6px;font-size:15px}p{margin:4px 0}
            table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e6eaef;vertical-align:top}
            th{background:#f3f5f8;font-weight:600}td.num,td.t{text-align:right;white-space:nowrap}td.t{text-align:left}code{font-size:12px}
            .ok{color:#17692f}.warn{color:#9a5b00}.bad{color:#b3261e;font-weight:600}.muted{color:#67717d}
            ul.attention{padding-left:20px}ul.attention li{margin:2px 0}footer{margin-top:32px;color:#67717d}
            """;

    /** A link into the file tree (its root listing's entries). */
    record Link(String name, String href) {
    }

    private CatalogPage() {
    }

    static String render(StatusReport r, List<Link> files) {
        StringBuilder out = new StringBuilder(16 * 1024);
        CatalogView c = r.catalog();
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Ferry catalog, generation ").append(c.generation()).append("</title>\n<style>")
                .append(STYLE).append("</style>\n</head>\n<body>\n");
        out.append("<header>\n<h1>Ferry catalog</h1>\n<p>Generation <strong id=\"generation\">").append(c.generation())
                .append("</strong>");
        if (c.generation() > 0) {
            out.append(", published ").append(time(c.createdAt())).append(" UTC (").append(esc(Human.relative(c.createdAt(), r.now())))
                    .append(") by <code>").append(esc(c.origin())).append("</code>");
        }
        out.append(".</p>\n<p class=\"muted\">").append(c.artifacts().size()).append(" artifacts, ")
                .append(esc(Human.bytes(c.referencedBytes()))).append(" served; store ").append(esc(Human.bytes(r.store().bytes())))
                .append(" in ").append(r.store().blobs()).append(" blobs, ").append(esc(Human.bytes(r.store().reclaimableBytes())))
                .append(" reclaimable by gc. As of ").append(time(r.now())).append(" UTC.</p>\n</header>\n");
        attention(out, r);
        freshness(out, r);
        imports(out, r);
        verification(out, r);
        wanted(out, r);
        CatalogImages.wanted(out, r);
        CatalogSections.others(out, r);
        CatalogImages.byUpstream(out, r);
        families(out, r);
        browse(out, files);
        out.append("<footer><p>Machine-readable: <a href=\"/api/v1/status\">/api/v1/status</a>, ")
                .append("<a href=\"/api/v1/catalog\">/api/v1/catalog</a>, <a href=\"/api/v1/wanted\">/api/v1/wanted</a>, ")
                .append("<a href=\"/metrics\">/metrics</a>.</p></footer>\n</body>\n</html>\n");
        return out.toString();
    }

    private static void attention(StringBuilder out, StatusReport r) {
        List<String> items = new ArrayList<>();
        for (Artifact a : r.catalog().dated()) {
            if (a.overdue(r.now())) {
                items.add("<span class=\"warn\">" + esc(a.name()) + "</span> is past its upstream NextUpdate ("
                        + esc(Human.relative(a.nextUpdate(), r.now())) + "); import a newer one.");
            }
        }
        Activity act = r.activity();
        if (act.lastImportFailed()) {
            items.add("<span class=\"bad\">The last import failed</span>: " + esc(act.lastImport().reason()));
        }
        if (act.verification().lastProblems() > 0) {
            items.add("<span class=\"bad\">The last store verification found " + act.verification().lastProblems()
                    + " problems</span>; run <code>ferry verify</code>.");
        }
        if (!r.section(WANTED_DRIVERS).isEmpty()) {
            items.add("<span class=\"warn\">Falco nodes asked for " + r.section(WANTED_DRIVERS).size()
                    + " driver(s) this server does not have</span> (see below).");
        }
        if (!r.section(CatalogImages.WANTED_IMAGES).isEmpty()) {
            items.add("<span class=\"warn\">Clients asked for " + r.section(CatalogImages.WANTED_IMAGES).size()
                    + " image(s) this server does not have</span> (see below).");
        }
        out.append("<section id=\"attention\">\n<h2>Attention</h2>\n");
        if (items.isEmpty()) {
            out.append("<p class=\"ok\">Nothing needs attention.</p>\n");
        } else {
            out.append("<ul class=\"attention\">\n");
            items.forEach(i -> out.append("<li>").append(i).append("</li>\n"));
            out.append("</ul>\n");
        }
        out.append("</section>\n");
    }

    private static void freshness(StringBuilder out, StatusReport r) {
        out.append("<section id=\"freshness\">\n<h2>Freshness</h2>\n");
        List<Artifact> dated = r.catalog().dated();
        if (dated.isEmpty()) {
            out.append("<p class=\"muted\">No served artifact states an upstream update time.</p>\n</section>\n");
            return;
        }
        out.append("<table>\n<tr><th>Artifact</th><th>Family</th><th>Updated upstream (UTC)</th><th>Age</th>")
                .append("<th>Next update (UTC)</th><th>State</th><th>Served as</th></tr>\n");
        for (Artifact a : dated) {
            boolean overdue = a.overdue(r.now());
            out.append("<tr><td>").append(esc(a.name())).append("</td><td>").append(esc(a.family())).append("</td><td>")
                    .append(time(a.updatedAt())).append("</td><td>").append(esc(Human.relative(a.updatedAt(), r.now())))
                    .append("</td><td class=\"t\">").append(a.nextUpdate() == null ? "" : time(a.nextUpdate())).append("</td><td class=\"")
                    .append(overdue ? "warn\">overdue" : "ok\">fresh").append("</td><td>").append(esc(String.join(", ", a.servedAs())))
                    .append("</td></tr>\n");
        }
        out.append("</table>\n</section>\n");
    }

    private static void imports(StringBuilder out, StatusReport r) {
        Activity a = r.activity();
        Map<String, Long> n = a.importAttempts();
        out.append("<section id=\"imports\">\n<h2>Imports</h2>\n<p>Last attempt: ").append(when(a.lastAttempt(), r.now()))
                .append(a.lastImportFailed() ? " <span class=\"bad\">(failed)</span>" : "")
                .append(". Last success: ").append(when(a.lastSuccess(), r.now())).append(".</p>\n<p class=\"muted\">")
                .append(n.get(JournalEntry.SUCCESS)).append(" succeeded, ").append(n.get(JournalEntry.UNCHANGED))
                .append(" unchanged, ").append(n.get(JournalEntry.FAILURE)).append(" failed in the journal.</p>\n");
        Activity.Bundle b = a.newestBundle();
        if (b != null) {
            out.append("<p>Newest bundle: <code>").append(esc(b.id())).append("</code>, created ").append(time(b.created()))
                    .append(" UTC (").append(esc(Human.relative(b.created(), r.now()))).append(")")
                    .append(b.signer().isEmpty() ? "" : ", signed by <code>" + esc(b.signer()) + "</code>").append(".</p>\n");
        }
        if (!a.recentImports().isEmpty()) {
            out.append("<table>\n<tr><th>Time (UTC)</th><th>Result</th><th>Source</th><th>Generation</th><th>Details</th></tr>\n");
            for (JournalEntry e : StatusReport.newestFirst(a.recentImports())) {
                String css = e.succeeded() ? "ok" : "bad";
                String details = e.reason().isEmpty() ? bundleOf(e) : e.reason();
                out.append("<tr><td class=\"t\">").append(time(e.time())).append("</td><td class=\"").append(css).append("\">")
                        .append(esc(e.result())).append("</td><td>").append(esc(e.source())).append("</td><td class=\"num\">")
                        .append(e.generation()).append("</td><td>").append(esc(details)).append("</td></tr>\n");
            }
            out.append("</table>\n");
        }
        out.append("</section>\n");
    }

    private static String bundleOf(JournalEntry e) {
        Map<String, String> d = e.details();
        if (!d.containsKey("bundleId")) return "";
        return "bundle " + d.get("bundleId") + (d.containsKey("signer") ? ", signer " + d.get("signer") : "");
    }

    private static void verification(StringBuilder out, StatusReport r) {
        Activity.Verification v = r.activity().verification();
        out.append("<section id=\"verification\">\n<h2>Store verification</h2>\n<p>");
        if (v.lastRun() == null) {
            out.append("Never verified (the background scrub and <code>ferry verify</code> re-hash every blob).");
        } else {
            out.append("Last run ").append(when(v.lastRun(), r.now())).append(" by ").append(esc(v.lastSource())).append(": ")
                    .append(v.lastProblems() == 0 ? "<span class=\"ok\">intact</span>"
                            : "<span class=\"bad\">" + v.lastProblems() + " problems</span>")
                    .append(". ").append(v.runs()).append(v.runs() == 1 ? " run" : " runs").append(" journaled.");
        }
        out.append("</p>\n</section>\n");
    }

    /** A section entry's field as text ("" when absent). */
    static String text(Map<String, Object> entry, String field) {
        Object value = entry.get(field);
        return value == null ? "" : value.toString();
    }

    private static void wanted(StringBuilder out, StatusReport r) {
        out.append("<section id=\"wanted\">\n<h2>Falco drivers wanted</h2>\n");
        if (r.section(WANTED_DRIVERS).isEmpty()) {
            out.append("<p class=\"muted\">No node has asked for a driver this server lacks since it started.</p>\n</section>\n");
            return;
        }
        out.append("<p>Bring these across in the next bundle (<code>ferry wanted</code> lists them as a driver tree):</p>\n")
                .append("<table>\n<tr><th>Driver</th><th>Version</th><th>Arch</th><th>Target</th><th>Kernel</th>")
                .append("<th>Requests</th><th>Last asked (UTC)</th></tr>\n");
        for (Map<String, Object> w : r.section(WANTED_DRIVERS)) {
            out.append("<tr><td><code>").append(esc(text(w, "path"))).append("</code></td><td>").append(esc(text(w, "driverVersion")))
                    .append("</td><td>").append(esc(text(w, "arch"))).append("</td><td>").append(esc(text(w, "target")))
                    .append("</td><td>").append(esc(text(w, "kernelRelease"))).append("</td><td class=\"num\">").append(text(w, "requests"))
                    .append("</td><td class=\"t\">").append(time((Instant) w.get("lastSeen"))).append("</td></tr>\n");
        }
        out.append("</table>\n</section>\n");
    }

    private static void families(StringBuilder out, StatusReport r) {
        out.append("<section id=\"catalog\">\n<h2>Catalog</h2>\n");
        Map<String, List<Artifact>> families = r.catalog().byFamily();
        if (families.isEmpty()) out.append("<p class=\"muted\">Nothing imported yet.</p>\n");
        families.forEach((family, list) -> {
            out.append("<h3 id=\"family-").append(esc(family)).append("\">").append(esc(family)).append(" <span class=\"muted\">(")
                    .append(list.size()).append(")</span></h3>\n<table>\n<tr><th>Name</th><th>Version</th><th>Served as</th>")
                    .append("<th>Digest</th><th>Size</th><th>Updated upstream (UTC)</th><th>Age</th></tr>\n");
            for (Artifact a : list.subList(0, Math.min(MAX_ROWS, list.size()))) {
                String upstream = a.metadata().get("upstream");
                out.append("<tr><td").append(upstream == null ? "" : " title=\"from " + esc(upstream) + " (" + esc(a.metadata()
                        .getOrDefault("verified", "")) + ", fetched " + esc(a.metadata().getOrDefault("fetched", "")) + ")\"")
                        .append(">").append(esc(a.name())).append("</td><td>").append(esc(a.version())).append("</td><td>")
                        .append(esc(String.join(", ", a.servedAs()))).append("</td><td><code title=\"").append(esc(a.digest()))
                        .append("\">").append(esc(shortDigest(a.digest()))).append("</code></td><td class=\"num\" title=\"")
                        .append(a.size()).append(" bytes\">").append(esc(Human.bytes(a.size()))).append("</td><td>")
                        .append(a.updatedAt() == null ? "" : time(a.updatedAt())).append("</td><td>")
                        .append(esc(Human.relative(a.updatedAt(), r.now()))).append("</td></tr>\n");
            }
            out.append("</table>\n");
            if (list.size() > MAX_ROWS) {
                out.append("<p class=\"muted\">").append(list.size() - MAX_ROWS).append(" more in <a href=\"/api/v1/catalog?family=")
                        .append(esc(java.net.URLEncoder.encode(family, java.nio.charset.StandardCharsets.UTF_8)))
                        .append("\">/api/v1/catalog</a>.</p>\n");
            }
        });
        out.append("</section>\n");
    }

    private static void browse(StringBuilder out, List<Link> files) {
        if (files.isEmpty()) return;
        out.append("<section id=\"files\">\n<h2>Files</h2>\n<p>");
        for (int i = 0; i < files.size(); i++) {
            if (i > 0) out.append(" · ");
            out.append("<a href=\"").append(esc(files.get(i).href())).append("\">").append(esc(files.get(i).name())).append("</a>");
        }
        out.append("</p>\n</section>\n");
    }

    static String shortDigest(String digest) {
        int colon = digest.indexOf(':');
        return digest.length() > colon + 13 ? digest.substring(0, colon + 13) + "…" : digest;
    }

    private static String when(Instant t, Instant now) {
        return t == null ? "never" : time(t) + " UTC (" + esc(Human.relative(t, now)) + ")";
    }

    static String time(Instant t) {
        return t == null ? "" : TIME.format(t);
    }

    static String esc(String s) {
        return s == null ? "" : PathEncoding.html(s);
    }
}
