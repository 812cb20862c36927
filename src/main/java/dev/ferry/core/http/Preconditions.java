package dev.ferry.core.http;

import io.vertx.core.MultiMap;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Conditional request headers evaluated in the order of RFC 9110 §13.2.2, against a
 * representation that exists and has a strong ETag and, optionally, a Last-Modified time
 * (without one, as for registry content, the date conditions are ignored as §13.1.3/§13.1.4 say):
 * If-Match, else If-Unmodified-Since (→ 412, as nginx); then If-None-Match, else
 * If-Modified-Since (→ 304). If-Modified-Since follows the RFC ("not modified since"), i.e.
 * nginx's {@code if_modified_since before}, not its default exact-match. Dates that do not
 * parse are ignored, as the RFC requires. Only GET and HEAD reach this class. Every route that
 * serves stored content (files, registry blobs and manifests, the Falco index) answers through it.
 */
public final class Preconditions {
    public enum Outcome { PROCEED, NOT_MODIFIED, PRECONDITION_FAILED }

    private Preconditions() {
    }

    /** @param lastModified null when the representation has none */
    public static Outcome evaluate(MultiMap headers, String etag, Instant lastModified) {
        Instant modified = lastModified == null ? null : lastModified.truncatedTo(ChronoUnit.SECONDS); // HTTP dates have whole seconds
        String ifMatch = joined(headers, "If-Match");
        if (ifMatch != null) {
            if (!ifMatch.trim().equals("*") && EntityTags.parseList(ifMatch).stream().noneMatch(t -> EntityTags.strongMatch(t, etag))) {
                return Outcome.PRECONDITION_FAILED;
            }
        } else {
            Optional<Instant> since = date(headers, "If-Unmodified-Since");
            if (since.isPresent() && modified != null && modified.isAfter(since.get())) return Outcome.PRECONDITION_FAILED;
        }
        String ifNoneMatch = joined(headers, "If-None-Match");
        if (ifNoneMatch != null) {
            boolean any = ifNoneMatch.trim().equals("*")
                    || EntityTags.parseList(ifNoneMatch).stream().anyMatch(t -> EntityTags.weakMatch(t, etag));
            return any ? Outcome.NOT_MODIFIED : Outcome.PROCEED;
        }
        Optional<Instant> since = date(headers, "If-Modified-Since");
        if (since.isPresent() && modified != null && !modified.isAfter(since.get())) return Outcome.NOT_MODIFIED;
        return Outcome.PROCEED;
    }

    /**
     * Whether a Range may be honoured given If-Range (RFC 9110 §13.1.5): absent, or an entity-tag
     * that strongly matches, or a date equal to Last-Modified. Anything else means "send it all".
     */
    public static boolean ifRangeAllows(MultiMap headers, String etag, Instant lastModified) {
        String ifRange = headers.get("If-Range");
        if (ifRange == null) return true;
        String t = ifRange.trim();
        if (t.startsWith("\"") || t.startsWith("W/")) {
            EntityTags.Tag tag = EntityTags.parseOne(t);
            return tag != null && EntityTags.strongMatch(tag, etag);
        }
        if (lastModified == null) return false;
        return HttpDates.parse(t).map(d -> d.equals(lastModified.truncatedTo(ChronoUnit.SECONDS))).orElse(false);
    }

    private static String joined(MultiMap headers, String name) {
        List<String> all = headers.getAll(name);
        return all.isEmpty() ? null : String.join(",", all);
    }

    private static Optional<Instant> date(MultiMap headers, String name) {
        List<String> all = headers.getAll(name);
        return all.size() == 1 ? HttpDates.parse(all.get(0)) : Optional.empty(); // more than one member: ignore
    }
}
