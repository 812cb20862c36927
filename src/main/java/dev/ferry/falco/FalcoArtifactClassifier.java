package dev.ferry.falco;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.oci.Descriptor;
import dev.ferry.importer.ManifestClassifier;
import dev.ferry.core.oci.ManifestDocument;
import dev.ferry.core.oci.OciJson;
import dev.ferry.oci.OciLayout;
import dev.ferry.core.RejectedException;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Claims falcoctl artifacts (rules files, plugins, assets: falcoctl pkg/oci/constants.go) and
 * records the name and version of their config, so a tag cannot silently go back to an older
 * version. A plugin's tag names an index; its version is that of its first platform manifest.
 */
public final class FalcoArtifactClassifier implements ManifestClassifier {
    public static final String FAMILY = "falco";
    private static final Pattern CONFIG = Pattern.compile("application/vnd\\.cncf\\.falco\\.(rulesfile|plugin|asset)\\.config\\.v1\\+json");
    private static final long MAX_CONFIG_BYTES = 1 << 20;

    @Override
    public Optional<Classification> classify(ManifestDocument manifest, Blobs blobs) throws IOException {
        if (manifest.isIndex()) {
            if (manifest.children().isEmpty()) return Optional.empty();
            Descriptor first = manifest.children().get(0);
            if (first.size() > OciLayout.MAX_MANIFEST_BYTES) return Optional.empty();
            ManifestDocument child;
            try (InputStream in = blobs.open(first)) {
                child = ManifestDocument.parse(first, in.readAllBytes(), OciLayout.blobPath(first.digest()));
            }
            return child.isIndex() ? Optional.empty() : classify(child, blobs);
        }
        Descriptor config = manifest.config();
        if (config == null || !CONFIG.matcher(config.mediaType()).matches()) return Optional.empty();
        String entry = OciLayout.blobPath(config.digest());
        if (config.size() > MAX_CONFIG_BYTES) throw new RejectedException(entry, "falcoctl artifact config larger than 1 MiB");
        ObjectNode json;
        try (InputStream in = blobs.open(config)) {
            json = OciJson.object(in.readAllBytes(), entry);
        }
        String name = OciJson.optionalText(json, "name", entry);
        String version = OciJson.optionalText(json, "version", entry);
        if (version == null || version.isBlank()) return Optional.empty(); // falcoctl refuses to install it; served as plain OCI
        Map<String, String> metadata = new TreeMap<>();
        metadata.put("version", version);
        if (name != null) metadata.put("name", name);
        return Optional.of(new Classification(FAMILY, metadata, Map.of()));
    }
}
