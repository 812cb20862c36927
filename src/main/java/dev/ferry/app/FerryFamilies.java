package dev.ferry.app;

import dev.ferry.config.SettingsSection;
import dev.ferry.config.SettingsSections;
import dev.ferry.falco.FalcoFamily;
import dev.ferry.family.Families;
import dev.ferry.family.FileFamily;
import dev.ferry.importer.FreshnessRule;
import dev.ferry.importer.FreshnessRules;
import dev.ferry.oci.OciFamily;
import dev.ferry.opensearch.OpenSearchFamily;
import dev.ferry.trivy.TrivyFamily;

import java.util.List;

/**
 * The families Ferry runs with: the one place they are listed. Order matters where families
 * overlap: input kinds are tried, classifiers asked and routes registered in this order.
 */
public final class FerryFamilies implements SettingsSections, FreshnessRules {
    private static final Families ALL = new Families(List.of(
            new OciFamily(),
            new FileFamily(),
            new TrivyFamily(),
            new OpenSearchFamily(),
            new FalcoFamily()));

    /** Declared in META-INF/services: the configuration reads every family's section, imports judge with every freshness rule. */
    public FerryFamilies() {
    }

    public static Families all() {
        return ALL;
    }

    @Override
    public List<FreshnessRule> freshnessRules() {
        return ALL.freshnessRules();
    }

    @Override
    public List<SettingsSection<?>> sections() {
        return ALL.settingsSections();
    }
}
