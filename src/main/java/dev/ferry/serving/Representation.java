package dev.ferry.serving;

import dev.ferry.core.Digest;
import dev.ferry.core.http.HttpDates;

import java.time.Instant;

/**
 * How one route describes what it answers with, apart from the bytes: the validators the
 * conditional and range rules need and the headers that route adds to every outcome (200, 206,
 * 304, 412, 416, HEAD). Immutable, so a route may build one per stored file and reuse it for
 * every request (the header texts are formatted once).
 */
public final class Representation {
    private final String contentType;
    private final String etag;
    private final Instant lastModified;
    private final String lastModifiedText;
    private final CharSequence[] headers;

    /**
     * @param etag         a strong entity-tag, quotes included
     * @param lastModified null when the representation has none (registry content): date conditions are then ignored
     * @param headers      extra response headers as name, value pairs
     */
    public Representation(String contentType, String etag, Instant lastModified, CharSequence... headers) {
        if (headers.length % 2 != 0) throw new IllegalArgumentException("headers come in name, value pairs");
        this.contentType = contentType;
        this.etag = etag;
        this.lastModified = lastModified;
        this.lastModifiedText = lastModified == null ? null : HttpDates.format(lastModified);
        this.headers = headers.clone();
    }

    /** The ETag every route gives stored bytes: the digest, so it is the same wherever and whenever they are served. */
    public static String etagOf(Digest digest) {
        return "\"" + digest + "\"";
    }

    public String contentType() {
        return contentType;
    }

    public String etag() {
        return etag;
    }

    /** Null when the representation has none. */
    public Instant lastModified() {
        return lastModified;
    }

    String lastModifiedText() {
        return lastModifiedText;
    }

    CharSequence[] headers() {
        return headers;
    }
}
