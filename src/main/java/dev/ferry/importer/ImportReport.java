package dev.ferry.importer;

import java.time.Duration;

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
}
