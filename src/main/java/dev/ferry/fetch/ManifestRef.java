package dev.ferry.fetch;

import dev.ferry.core.Digest;

/** A manifest as a registry names it: digest, media type (the Content-Type it answered with) and size. */
public record ManifestRef(Digest digest, String mediaType, long size) {
}
