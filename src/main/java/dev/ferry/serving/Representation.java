package dev.ferry.serving;

import dev.ferry.core.Digest;

import java.time.Instant;

/**
 * How one route describes what it answers with, apart from the bytes: the validators the
 * conditional and range rules need and the headers that route adds to every outcome (200, 206,
 * 304, 412, 416, HEAD).
 *
 * @param etag         a strong entity-tag, quotes included
 * @param lastModified null when the representation has none (registry content): date conditions are then ignored
 * @param headers      extra response headers as name, value pairs
 */
public record Representation(String contentType, String etag, Instant lastModified, CharSequence... headers) {

    public Representation {
        if (headers.length % 2 != 0) throw new IllegalArgumentException("headers come in name, value pairs");
    }

    /** The ETag every route gives stored bytes: the digest, so it is the same wherever and whenever they are served. */
    public static String etagOf(Digest digest) {
        return "\"" + digest + "\"";
    }
}
