package dev.ferry.fetch;

import dev.ferry.core.Digest;

import java.net.URI;
import java.nio.file.Path;

/**
 * A verified body in the download cache.
 *
 * @param file      the cached bytes (read-only; never modify)
 * @param fromCache true when no byte was downloaded in this run
 */
public record Fetched(Digest digest, long size, Path file, URI url, boolean fromCache) {
}
