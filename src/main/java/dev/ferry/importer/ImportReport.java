package dev.ferry.importer;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Outcome of a successful import.
 *
 * @param generation current generation afterwards
 * @param changed    false when the import was a no-op (same content already published)
 * @param files      files the input published
 * @param tags       OCI repository tags the input published
 * @param bytes      bytes read and verified
 * @param newBlobs   blobs the store did not hold before
 */
public record ImportReport(String source, long generation, boolean changed, int files, int tags, long bytes, int newBlobs,
                           Duration elapsed) {

    /** The report as {@code ferry import --output json} and the upload API give it. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("source", source);
        json.put("generation", generation);
        json.put("changed", changed);
        json.put("files", files);
        json.put("tags", tags);
        json.put("bytes", bytes);
        json.put("newBlobs", newBlobs);
        json.put("seconds", elapsed.toMillis() / 1000.0);
        return json;
    }
}
