package dev.ferry.opensearch;

import dev.ferry.config.SettingsSection;
import dev.ferry.family.Family;
import dev.ferry.family.ServerContext;
import dev.ferry.importer.FreshnessRule;
import dev.ferry.importer.InputKind;

import java.util.List;
import java.util.Optional;

/** OpenSearch plugin zips, verified at import and served as plain files in both URL layouts. */
public final class OpenSearchFamily implements Family {
    @Override
    public String name() {
        return PluginInput.FAMILY;
    }

    @Override
    public List<InputKind> inputKinds() {
        return List.of(new PluginInputKind());
    }

    @Override
    public List<FreshnessRule> freshnessRules() {
        return List.of(new PluginFreshness());
    }

    @Override
    public Optional<SettingsSection<?>> settings() {
        return Optional.of(OpenSearchSettings.SECTION);
    }

    @Override
    public void meters(ServerContext server) {
        new PluginMetrics(server.meters(), server.catalog(), server.settings(OpenSearchSettings.class).clusterVersion());
    }
}
