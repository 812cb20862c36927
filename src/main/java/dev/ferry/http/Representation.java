package dev.ferry.http;

import dev.ferry.core.MediaTypeSyntax;
import dev.ferry.core.Digest;
import dev.ferry.store.FileEntry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;

import java.time.Instant;

/**
 * What one request is answered with: either a stored blob ({@code inline} null; {@code digest}
 * names the blob) or a small generated text held in memory. Either way it has the validators
 * the conditional and range logic needs.
 *
 * @param generation the catalog generation the request resolved through
 */
record Representation(long size, String contentType, Digest digest, Instant lastModified, long generation, Buffer inline,
                      dev.ferry.serving.Representation described) {
    private static final CharSequence REPR_DIGEST = HttpHeaders.createOptimized("Repr-Digest");
    private static final CharSequence CHECKSUM = HttpHeaders.createOptimized("X-Checksum-Sha256");
    private static final CharSequence NOSNIFF_HEADER = HttpHeaders.createOptimized("X-Content-Type-Options");
    private static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");

    /** A media type no header can carry (a store written before imports checked them) is served as octet-stream, not as a 500. */
    static Representation stored(FileEntry file, long generation) {
        String type = MediaTypeSyntax.isValid(file.mediaType()) ? file.mediaType() : FileEntry.DEFAULT_MEDIA_TYPE;
        return of(file.size(), type, file.digest(), file.publishedAt(), generation, null);
    }

    static Representation text(String body, Instant lastModified, long generation) {
        Buffer bytes = Buffer.buffer(body);
        return of(bytes.length(), "text/plain; charset=utf-8", Digest.ofBytes(bytes.getBytes()), lastModified, generation, bytes);
    }

    boolean isStored() {
        return inline == null;
    }

    /** With what the shared responder needs to answer with it: the file routes' headers, formatted once. */
    private static Representation of(long size, String contentType, Digest digest, Instant lastModified, long generation, Buffer inline) {
        return new Representation(size, contentType, digest, lastModified, generation, inline, new dev.ferry.serving.Representation(
                contentType, dev.ferry.serving.Representation.etagOf(digest), lastModified,
                REPR_DIGEST, "sha-256=:" + digest.base64() + ":",
                CHECKSUM, digest.hex(),
                NOSNIFF_HEADER, NOSNIFF));
    }
}
