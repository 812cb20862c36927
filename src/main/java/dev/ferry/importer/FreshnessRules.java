package dev.ferry.importer;

import java.util.List;

/** The families that judge freshness, for {@link DowngradeGuard}. */
public final class FreshnessRules {
    public static final List<FreshnessRule> ALL = List.of(new dev.ferry.trivy.TrivyDbFreshness(),
            new dev.ferry.opensearch.PluginFreshness(), new dev.ferry.falco.FalcoArtifactFreshness());

    private FreshnessRules() {
    }
}
