package dev.ferry.falco;

import dev.ferry.importer.FreshnessRule;
import dev.ferry.importer.VersionOrder;
import dev.ferry.store.OciRepository;

import java.util.Optional;

/** A tag serving a falcoctl artifact (rules, plugin, asset) must not go back to an older version of its config. */
public final class FalcoArtifactFreshness implements FreshnessRule {

    @Override
    public Optional<Position> ofTag(String repository, String tag, OciRepository.OciManifest manifest) {
        String version = manifest.metadata().get("version");
        if (!FalcoArtifactClassifier.FAMILY.equals(manifest.family()) || version == null) return Optional.empty();
        return Optional.of(new Position(repository + ":" + tag, "version", version, VersionOrder.INSTANCE));
    }
}
