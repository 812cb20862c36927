package dev.ferry.trivy;

import dev.ferry.core.oci.Descriptor;
import dev.ferry.importer.ManifestClassifier;
import dev.ferry.core.oci.ManifestDocument;
import dev.ferry.oci.OciLayout;
import dev.ferry.core.oci.OciMediaTypes;
import dev.ferry.core.RejectedException;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Claims manifests with a Trivy DB layer and holds them to what Trivy itself demands
 * (pkg/oci/artifact.go): exactly one layer, the exact media type, a title annotation that is a
 * plain {@code .tar.gz} file name; and the layer must be a gzip'd tar with the database file and a
 * valid {@code metadata.json}, whose times become the catalog's freshness.
 */
public final class TrivyDbClassifier implements ManifestClassifier {
    public static final String FAMILY = "trivy";

    @Override
    public Optional<Classification> classify(ManifestDocument manifest, Blobs blobs) throws IOException {
        if (manifest.isIndex()) return Optional.empty();
        TrivyDb db = null;
        for (Descriptor layer : manifest.layers()) {
            TrivyDb kind = TrivyDb.byLayerMediaType(layer.mediaType());
            if (kind != null) db = kind;
        }
        if (db == null) return Optional.empty();
        String entry = OciLayout.blobPath(manifest.digest());
        if (manifest.layers().size() != 1) {
            throw new RejectedException(entry, db.artifact() + " artifact must have exactly one layer, it has "
                    + manifest.layers().size());
        }
        Descriptor layer = manifest.layers().get(0);
        String title = layer.annotation(OciMediaTypes.TITLE);
        if (title == null) throw new RejectedException(entry, db.artifact() + " layer has no " + OciMediaTypes.TITLE + " annotation");
        if (title.contains("/") || title.contains("\\") || title.startsWith(".")
                || !(title.endsWith(".tar.gz") || title.endsWith(".tgz"))) {
            throw new RejectedException(entry, db.artifact() + " layer title '" + title + "' is not a plain .tar.gz file name");
        }
        TrivyMetadata meta;
        try (InputStream in = blobs.open(layer)) {
            meta = TrivyLayer.read(in, db, OciLayout.blobPath(layer.digest()) + " (" + title + ")");
        }
        Map<String, String> metadata = new TreeMap<>(meta.toCatalog());
        metadata.put("name", db.artifact());
        return Optional.of(new Classification(FAMILY, metadata, db.aliases(meta.version())));
    }
}
