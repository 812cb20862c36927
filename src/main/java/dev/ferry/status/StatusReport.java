package dev.ferry.status;

import dev.ferry.store.JournalEntry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one model behind the catalog page, {@code /api/v1/status}, {@code /api/v1/catalog} and
 * {@code ferry status}: what is served and how fresh it is, what the imports and verifications did.
 *
 * @param sections the families' status sections by key, in family order (see {@link StatusSection})
 */
public record StatusReport(Instant now, CatalogView catalog, Activity activity, StoreUsage store,
                           Map<String, List<Map<String, Object>>> sections) {

    public StatusReport {
        Map<String, List<Map<String, Object>>> copy = new LinkedHashMap<>();
        sections.forEach((key, entries) -> copy.put(key, List.copyOf(entries)));
        sections = java.util.Collections.unmodifiableMap(copy);
    }

    /** A report with no family sections. */
    public StatusReport(Instant now, CatalogView catalog, Activity activity, StoreUsage store) {
        this(now, catalog, activity, store, Map.of());
    }

    /** The entries of the section under {@code key}; empty when no family contributes it. */
    public List<Map<String, Object>> section(String key) {
        return sections.getOrDefault(key, List.of());
    }

    /** {@code /api/v1/status}: everything but the full artifact list. */
    public Map<String, Object> statusJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("time", now);
        json.put("generation", generationJson());
        json.put("store", Map.of("blobs", store.blobs(), "bytes", store.bytes(), "servedBytes", catalog.referencedBytes(),
                "reclaimableBytes", store.reclaimableBytes()));
        Map<String, Object> families = new LinkedHashMap<>();
        catalog.byFamily().forEach((family, list) -> families.put(family, Map.of("artifacts", list.size())));
        json.put("families", families);
        json.put("freshness", catalog.dated().stream().map(a -> a.toJson(now)).toList());
        json.put("imports", importsJson());
        Activity.Bundle b = activity.newestBundle();
        json.put("bundle", b);
        json.put("verification", activity.verification());
        json.putAll(sections);
        json.put("images", catalog.imagesByUpstream().entrySet().stream().collect(java.util.stream.Collectors.toMap(
                Map.Entry::getKey, e -> e.getValue().size(), (x, y) -> x, java.util.TreeMap::new)));
        return json;
    }

    /** {@code /api/v1/catalog}: every artifact by family, or one family's. */
    public Map<String, Object> catalogJson(String onlyFamily) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("time", now);
        json.put("generation", generationJson());
        Map<String, Object> families = new LinkedHashMap<>();
        catalog.byFamily().forEach((family, list) -> {
            if (onlyFamily == null || onlyFamily.equals(family)) families.put(family, list.stream().map(a -> a.toJson(now)).toList());
        });
        json.put("families", families);
        if (onlyFamily == null) json.put("images", ImagesStatus.json(catalog));
        return json;
    }

    private Map<String, Object> generationJson() {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("number", catalog.generation());
        g.put("createdAt", catalog.generation() == 0 ? null : catalog.createdAt());
        g.put("origin", catalog.origin());
        g.put("repositories", catalog.repositories());
        g.put("tags", catalog.tags());
        return g;
    }

    private Map<String, Object> importsJson() {
        Map<String, Object> imports = new LinkedHashMap<>();
        imports.put("attempts", activity.importAttempts());
        imports.put("lastAttempt", activity.lastAttempt());
        imports.put("lastSuccess", activity.lastSuccess());
        imports.put("lastFailed", activity.lastImportFailed());
        imports.put("recent", newestFirst(activity.recentImports()));
        return imports;
    }

    /** Journal entries, newest first. */
    public static List<JournalEntry> newestFirst(List<JournalEntry> entries) {
        List<JournalEntry> list = new ArrayList<>(entries);
        java.util.Collections.reverse(list);
        return list;
    }

    /** The freshness part of {@code ferry status}: one line per artifact with an upstream time, then where it is served. */
    public List<String> freshnessLines() {
        List<String> lines = new ArrayList<>();
        for (Artifact a : catalog.dated()) {
            lines.add(String.format(Locale.ROOT, "%-13s updated %s, next update %s, %s%s", a.name() + ":", a.updatedAt(),
                    a.nextUpdate() == null ? "-" : a.nextUpdate(), Human.relative(a.updatedAt(), now), a.overdue(now) ? " (overdue)" : ""));
            lines.add("              " + a.digest().substring(0, Math.min(19, a.digest().length())) + "… as " + String.join(", ", a.servedAs()));
            String upstream = a.metadata().get("upstream");
            if (upstream != null) {
                lines.add("              from " + upstream + " (" + a.metadata().getOrDefault("verified", "") + ", fetched "
                        + a.metadata().getOrDefault("fetched", "") + ")");
            }
        }
        return lines;
    }

    /** Imports, the newest bundle and the last verification, for {@code ferry status}. */
    public List<String> activityLines() {
        List<String> lines = new ArrayList<>();
        lines.add("last import:  " + describe(activity.lastImport()));
        lines.add("last success: " + describe(activity.lastSuccessfulImport()));
        Map<String, Long> n = activity.importAttempts();
        lines.add(String.format(Locale.ROOT, "imports:      %d succeeded, %d unchanged, %d failed", n.get(JournalEntry.SUCCESS),
                n.get(JournalEntry.UNCHANGED), n.get(JournalEntry.FAILURE)));
        Activity.Bundle b = activity.newestBundle();
        if (b != null) {
            lines.add("bundle:       " + b.id() + " created " + b.created() + " (" + Human.relative(b.created(), now) + ")"
                    + (b.signer().isEmpty() ? "" : ", signer " + b.signer()));
        }
        Activity.Verification v = activity.verification();
        lines.add("verified:     " + (v.lastRun() == null ? "never"
                : v.lastRun() + " (" + v.lastSource() + "), " + (v.lastProblems() == 0 ? "clean" : v.lastProblems() + " problems")));
        return lines;
    }

    private String describe(JournalEntry e) {
        if (e == null) return "never";
        String line = e.time() + " " + e.result() + " (" + e.source() + ")";
        return e.reason().isEmpty() ? line : line + ": " + e.reason();
    }
}
