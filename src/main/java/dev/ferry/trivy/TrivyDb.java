package dev.ferry.trivy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The two Trivy databases published as OCI artifacts: the exact layer media type Trivy demands,
 * the database file inside the layer, and the names Trivy's defaults and trivy-operator ask for
 * ({@code mirror.gcr.io/aquasec/…}, {@code ghcr.io/aquasecurity/…}; tag = schema version, plus
 * {@code latest} for the vulnerability DB, which upstream also pushes).
 */
public enum TrivyDb {
    DB("trivy-db", "application/vnd.aquasec.trivy.db.layer.v1.tar+gzip", "trivy.db", true),
    JAVA_DB("trivy-java-db", "application/vnd.aquasec.trivy.javadb.layer.v1.tar+gzip", "trivy-java.db", false);

    public static final List<String> NAMESPACES = List.of("aquasec", "aquasecurity");

    private final String artifact;
    private final String layerMediaType;
    private final String databaseFile;
    private final boolean latestTag;

    TrivyDb(String artifact, String layerMediaType, String databaseFile, boolean latestTag) {
        this.artifact = artifact;
        this.layerMediaType = layerMediaType;
        this.databaseFile = databaseFile;
        this.latestTag = latestTag;
    }

    /** "trivy-db" or "trivy-java-db": the repository's last component upstream. */
    public String artifact() {
        return artifact;
    }

    public String layerMediaType() {
        return layerMediaType;
    }

    public String databaseFile() {
        return databaseFile;
    }

    public static TrivyDb byLayerMediaType(String mediaType) {
        for (TrivyDb db : values()) if (db.layerMediaType.equals(mediaType)) return db;
        return null;
    }

    /** Repository → tags a database of this schema version is served under. */
    public Map<String, List<String>> aliases(int schemaVersion) {
        List<String> tags = new ArrayList<>(List.of(Integer.toString(schemaVersion)));
        if (latestTag) tags.add("latest");
        Map<String, List<String>> aliases = new TreeMap<>();
        for (String ns : NAMESPACES) aliases.put(ns + "/" + artifact, List.copyOf(tags));
        return aliases;
    }
}
