package dev.ferry.status;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One served artifact as the catalog page, {@code /api/v1/catalog} and {@code ferry status} show
 * it: a published file, or a tagged OCI manifest with every repository:tag serving it.
 *
 * @param kind       {@link #FILE} or {@link #OCI}
 * @param size       bytes a client downloads: the file, or the manifest with every blob it needs
 * @param updatedAt  the upstream time the content itself states (a Trivy DB's UpdatedAt), null if none
 * @param nextUpdate when upstream promises a newer one (Trivy's NextUpdate), null if none
 * @param publishedAt when Ferry first published the file, null for OCI content
 * @param servedAs   the path, or the repository:tag names
 * @param metadata   what the family extracted at import
 */
public record Artifact(String family, String name, String version, String kind, String digest, long size, String mediaType,
                       Instant updatedAt, Instant nextUpdate, Instant publishedAt, List<String> servedAs,
                       Map<String, String> metadata) {
    public static final String FILE = "file";
    public static final String OCI = "oci";
    /** Metadata keys that name a version, most specific first. */
    private static final List<String> VERSION_KEYS = List.of("version", "driverVersion", "schemaVersion");

    public Artifact {
        servedAs = List.copyOf(servedAs);
        metadata = Map.copyOf(metadata);
    }

    static String version(Map<String, String> metadata) {
        for (String key : VERSION_KEYS) {
            String v = metadata.get(key);
            if (v != null && !v.isBlank()) return v;
        }
        return "";
    }

    /** An upstream time from metadata; null when absent or not an ISO-8601 instant (it is not Ferry's to guess). */
    static Instant instant(Map<String, String> metadata, String key) {
        String text = metadata.get(key);
        if (text == null) return null;
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Time since the upstream update, null when the content states none. */
    public Duration age(Instant now) {
        return updatedAt == null ? null : Duration.between(updatedAt, now);
    }

    /** Past the upstream's own NextUpdate: clients that check it consider their copy stale. */
    public boolean overdue(Instant now) {
        return nextUpdate != null && nextUpdate.isBefore(now);
    }

    public Map<String, Object> toJson(Instant now) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("family", family);
        json.put("name", name);
        json.put("version", version);
        json.put("kind", kind);
        json.put("digest", digest);
        json.put("size", size);
        json.put("mediaType", mediaType);
        json.put("updatedAt", updatedAt);
        json.put("nextUpdate", nextUpdate);
        json.put("ageSeconds", updatedAt == null ? null : age(now).toSeconds());
        json.put("overdue", overdue(now));
        json.put("publishedAt", publishedAt);
        json.put("servedAs", servedAs);
        json.put("metadata", metadata);
        return json;
    }
}
