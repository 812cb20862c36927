package dev.ferry.trivy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.oci.OciJson;
import dev.ferry.core.RejectedException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Trivy DB's {@code metadata.json} (trivy-db pkg/metadata, trivy-java-db pkg/db: Go struct with
 * {@code Version}, {@code NextUpdate}, {@code UpdatedAt}, {@code DownloadedAt}, RFC 3339 times).
 * {@code DownloadedAt} is zero in published databases; Trivy fills it after a download.
 */
public record TrivyMetadata(int version, Instant updatedAt, Instant nextUpdate, Instant downloadedAt) {
    public static final String FILE_NAME = "metadata.json";

    public static TrivyMetadata parse(byte[] json, String entry) throws RejectedException {
        ObjectNode o = OciJson.object(json, entry);
        JsonNode version = o.get("Version");
        if (version == null || !version.isIntegralNumber() || version.asLong() < 1 || version.asLong() > 1000) {
            throw new RejectedException(entry, "'Version' is missing or not a schema version");
        }
        Instant updated = time(o, "UpdatedAt", entry, true);
        Instant next = time(o, "NextUpdate", entry, true);
        Instant downloaded = time(o, "DownloadedAt", entry, false);
        return new TrivyMetadata(version.asInt(), updated, next, downloaded);
    }

    private static Instant time(ObjectNode o, String field, String entry, boolean required) throws RejectedException {
        String text = OciJson.optionalText(o, field, entry);
        if (text == null) {
            if (required) throw new RejectedException(entry, "'" + field + "' is missing");
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new RejectedException(entry, "'" + field + "' is not an RFC 3339 time: " + text);
        }
    }

    /** Catalog metadata (keys shared with the rest of Ferry: schemaVersion, updatedAt, nextUpdate, downloadedAt). */
    public Map<String, String> toCatalog() {
        Map<String, String> m = new TreeMap<>();
        m.put("schemaVersion", Integer.toString(version));
        m.put("updatedAt", updatedAt.toString());
        m.put("nextUpdate", nextUpdate.toString());
        if (downloadedAt != null) m.put("downloadedAt", downloadedAt.toString());
        return m;
    }
}
