package dev.ferry.opensearch;

import dev.ferry.importer.FreshnessRule;
import dev.ferry.importer.VersionOrder;
import dev.ferry.store.FileEntry;

import java.util.Optional;

/**
 * The newest version of a plugin served under one prefix must not go back, e.g. when an import with
 * {@code --replace} swaps repository-s3 2.19.4 for 2.19.3. Adding an older version beside a newer one is no downgrade.
 */
public final class PluginFreshness implements FreshnessRule {

    @Override
    public Optional<Position> ofFile(String path, FileEntry entry) {
        String name = entry.metadata().get("name");
        String version = entry.metadata().get("version");
        if (!PluginInput.FAMILY.equals(entry.family()) || !path.endsWith(PluginFiles.ZIP_SUFFIX) || name == null || version == null) {
            return Optional.empty();
        }
        String upstream = "/" + PluginLayout.upstreamPath(name, version);
        String flat = "/" + PluginLayout.flatPath(name, version);
        String full = "/" + path;
        String prefix = full.endsWith(upstream) ? full.substring(0, full.length() - upstream.length())
                : full.endsWith(flat) ? full.substring(0, full.length() - flat.length()) : null;
        if (prefix == null) return Optional.empty();
        String line = "OpenSearch plugin " + name + (prefix.isEmpty() ? "" : " under " + prefix + "/");
        return Optional.of(new Position(line, "version", version, VersionOrder.INSTANCE));
    }
}
