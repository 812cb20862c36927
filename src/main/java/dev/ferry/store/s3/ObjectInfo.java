package dev.ferry.store.s3;

import java.time.Instant;
import java.util.Map;

/** One object as HEAD or a listing describes it; {@code name} is relative to the store's prefix. */
record ObjectInfo(String name, long size, Instant lastModified, String etag, Map<String, String> metadata) {
}
