package dev.ferry.cli;

import dev.ferry.spec.Plan;
import dev.ferry.spec.PlannedArtifact;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A plan as lines for people or as one JSON document ({@code ferry.plan.v1}). */
final class PlanPrinter {
    private PlanPrinter() {
    }

    static void text(Plan plan) {
        for (PlannedArtifact a : plan.artifacts()) {
            Text.linef("%-7s %-44s %10s  %s", a.status().name().toLowerCase(java.util.Locale.ROOT), a.key(),
                    a.size() < 0 ? "?" : Sizes.bytes(a.size()), a.digest() == null ? "(digest when fetched)" : a.digest());
            Text.linef("        from %s", a.upstream());
            Text.linef("        to   %s  [%s]", a.publish(), String.join(", ", a.checks()));
        }
        for (PlannedArtifact a : plan.with(PlannedArtifact.Status.MISSING)) {
            Text.linef("missing: %s is not prebuilt upstream (%s); skipped", a.key(), a.upstream());
        }
        plan.notes().forEach(n -> Text.line("note: " + n));
        Text.linef("total: %d to fetch (%s), %d held by the base (%s), %d missing upstream",
                plan.with(PlannedArtifact.Status.FETCH).size(), Sizes.bytes(plan.fetchBytes()),
                plan.with(PlannedArtifact.Status.HELD).size(), Sizes.bytes(plan.heldBytes()),
                plan.with(PlannedArtifact.Status.MISSING).size());
    }

    static void json(Plan plan) {
        List<Map<String, Object>> artifacts = new ArrayList<>();
        for (PlannedArtifact a : plan.artifacts()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("artifact", a.key());
            m.put("family", a.family());
            m.put("status", a.status().name().toLowerCase(java.util.Locale.ROOT));
            m.put("upstream", a.upstream());
            m.put("digest", a.digest());
            m.put("size", a.size());
            m.put("publish", a.publish());
            m.put("checks", a.checks());
            artifacts.add(m);
        }
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("fetch", plan.with(PlannedArtifact.Status.FETCH).size());
        totals.put("fetchBytes", plan.fetchBytes());
        totals.put("held", plan.with(PlannedArtifact.Status.HELD).size());
        totals.put("heldBytes", plan.heldBytes());
        totals.put("missing", plan.with(PlannedArtifact.Status.MISSING).size());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", "ferry.plan.v1");
        doc.put("artifacts", artifacts);
        doc.put("notes", plan.notes());
        doc.put("totals", totals);
        System.out.println(OutputFormat.toJson(doc));
    }
}
