package dev.ferry.trivy;

import dev.ferry.family.Family;
import dev.ferry.importer.FreshnessRule;
import dev.ferry.importer.ManifestClassifier;

import java.util.List;

/** Trivy's vulnerability and Java DBs: OCI artifacts it recognises by their layer and dates by their metadata. */
public final class TrivyFamily implements Family {
    @Override
    public String name() {
        return TrivyDbClassifier.FAMILY;
    }

    @Override
    public List<FreshnessRule> freshnessRules() {
        return List.of(new TrivyDbFreshness());
    }

    @Override
    public List<ManifestClassifier> manifestClassifiers() {
        return List.of(new TrivyDbClassifier());
    }
}
