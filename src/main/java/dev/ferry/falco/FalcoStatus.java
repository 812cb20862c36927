package dev.ferry.falco;

import dev.ferry.store.Generation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Falco part of {@code ferry status}: drivers per version/arch/kind and the falcoctl indexes served. */
public final class FalcoStatus {
    private FalcoStatus() {
    }

    /** Text lines; none when the generation serves nothing of Falco. */
    public static List<String> lines(Generation g) {
        List<FalcoCatalog.Coverage> coverage = FalcoCatalog.coverage(g);
        List<FalcoCatalog.PublishedIndex> indexes = FalcoCatalog.indexes(g);
        List<String> lines = new ArrayList<>();
        if (coverage.isEmpty() && indexes.isEmpty()) return lines;
        int total = coverage.stream().mapToInt(FalcoCatalog.Coverage::drivers).sum();
        lines.add("falco:        " + total + (total == 1 ? " driver" : " drivers") + ", " + indexes.size()
                + (indexes.size() == 1 ? " falcoctl index" : " falcoctl indexes"));
        for (FalcoCatalog.Coverage c : coverage) {
            lines.add("  " + c.driverVersion() + " " + c.arch() + " " + c.kind() + ": " + c.drivers());
        }
        for (FalcoCatalog.PublishedIndex i : indexes) lines.add("  index /" + i.path() + " (" + i.entries() + (i.entries() == 1 ? " entry)" : " entries)"));
        return lines;
    }

    public static Map<String, Object> json(Generation g) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("drivers", FalcoCatalog.coverage(g));
        json.put("indexes", FalcoCatalog.indexes(g));
        return json;
    }
}
