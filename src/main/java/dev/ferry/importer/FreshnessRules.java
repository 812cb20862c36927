package dev.ferry.importer;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Where {@link DowngradeGuard}'s rules come from: the families', declared by the application as a
 * service ({@code META-INF/services}), so that every import (CLI, upload, bundle) judges with the
 * same rules and the importer names no family.
 */
public interface FreshnessRules {
    /** Every declared rule, in the order the providers list them. */
    List<FreshnessRule> ALL = Declared.load();

    List<FreshnessRule> freshnessRules();

    /** Loads the providers once: they are fixed for the life of the process. */
    final class Declared {
        private Declared() {
        }

        private static List<FreshnessRule> load() {
            List<FreshnessRule> all = new ArrayList<>();
            for (FreshnessRules p : ServiceLoader.load(FreshnessRules.class, FreshnessRules.class.getClassLoader())) {
                all.addAll(p.freshnessRules());
            }
            return List.copyOf(all);
        }
    }
}
