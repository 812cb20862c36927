package dev.ferry.trivy;

import dev.ferry.importer.FreshnessRule;
import dev.ferry.store.OciRepository;

import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/** A tag serving a Trivy DB or Java DB must not go back to an older UpdatedAt (metadata.json). */
public final class TrivyDbFreshness implements FreshnessRule {
    private static final Comparator<String> BY_TIME = Comparator.comparing(Instant::parse);

    @Override
    public Optional<Position> ofTag(String repository, String tag, OciRepository.OciManifest manifest) {
        String updatedAt = manifest.metadata().get("updatedAt");
        if (!TrivyDbClassifier.FAMILY.equals(manifest.family()) || updatedAt == null) return Optional.empty();
        return Optional.of(new Position(repository + ":" + tag, "UpdatedAt", updatedAt, BY_TIME));
    }
}
