package dev.ferry.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * One table of conditional, range and HEAD requests with the answer each must get, stated
 * against the representation it is sent to (its bytes, ETag and Last-Modified if any), so the
 * same rows run against every route and every blob backend.
 */
public final class ServingCases {
    /** A date after anything a test publishes, and one before. */
    public static final String FUTURE = dev.ferry.core.http.HttpDates.format(java.time.Instant.parse("2094-11-06T08:49:37Z"));
    public static final String PAST = "Sun, 06 Nov 1994 08:49:37 GMT";

    private ServingCases() {
    }

    /** What a route serves: learnt from a plain GET. {@code lastModified} is null when the route sends none. */
    public record Target(byte[] bytes, String etag, String lastModified, String contentType) {
        int size() {
            return bytes.length;
        }
    }

    /**
     * What was (or must be) answered. A multipart body has its boundary replaced by "BOUNDARY";
     * {@code body} null means the route's own error body (only its length is checked).
     */
    public record Answer(int status, String contentLength, String contentRange, String etag, String body) {
    }

    public record Case(String name, String method, List<String> headers, Function<Target, Answer> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    public static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("GET", "GET", List.of(), ServingCases::whole));
        cases.add(new Case("HEAD", "HEAD", List.of(), t -> headOf(whole(t))));
        cases.add(new Case("If-None-Match: etag", "GET", List.of("If-None-Match", "$E"), ServingCases::notModified));
        cases.add(new Case("If-None-Match: weak etag", "GET", List.of("If-None-Match", "W/$E"), ServingCases::notModified));
        cases.add(new Case("If-None-Match: other", "GET", List.of("If-None-Match", "\"other\""), ServingCases::whole));
        cases.add(new Case("If-None-Match: list", "GET", List.of("If-None-Match", "\"other\", $E"), ServingCases::notModified));
        cases.add(new Case("If-None-Match: *", "GET", List.of("If-None-Match", "*"), ServingCases::notModified));
        cases.add(new Case("If-None-Match: etag, HEAD", "HEAD", List.of("If-None-Match", "$E"), ServingCases::notModified));
        cases.add(new Case("If-Match: etag", "GET", List.of("If-Match", "$E"), ServingCases::whole));
        cases.add(new Case("If-Match: *", "GET", List.of("If-Match", "*"), ServingCases::whole));
        cases.add(new Case("If-Match: other", "GET", List.of("If-Match", "\"other\""), t -> failed(t, 412)));
        cases.add(new Case("If-Match: weak etag (strong comparison)", "GET", List.of("If-Match", "W/$E"), t -> failed(t, 412)));
        cases.add(new Case("If-Modified-Since: future", "GET", List.of("If-Modified-Since", FUTURE),
                t -> t.lastModified() != null ? notModified(t) : whole(t)));
        cases.add(new Case("If-Modified-Since: Last-Modified", "GET", List.of("If-Modified-Since", "$LM"),
                t -> t.lastModified() != null ? notModified(t) : whole(t)));
        cases.add(new Case("If-Modified-Since: past", "GET", List.of("If-Modified-Since", PAST), ServingCases::whole));
        cases.add(new Case("If-None-Match wins over If-Modified-Since", "GET",
                List.of("If-None-Match", "\"other\"", "If-Modified-Since", FUTURE), ServingCases::whole));
        cases.add(new Case("If-Unmodified-Since: past", "GET", List.of("If-Unmodified-Since", PAST),
                t -> t.lastModified() != null ? failed(t, 412) : whole(t)));
        cases.add(new Case("If-Unmodified-Since: future", "GET", List.of("If-Unmodified-Since", FUTURE), ServingCases::whole));
        cases.add(new Case("Range: first ten", "GET", List.of("Range", "bytes=0-9"), t -> part(t, 0, 9)));
        cases.add(new Case("Range: suffix", "GET", List.of("Range", "bytes=-5"), t -> part(t, t.size() - 5, t.size() - 1)));
        cases.add(new Case("Range: open end", "GET", List.of("Range", "bytes=10-"), t -> part(t, 10, t.size() - 1)));
        cases.add(new Case("Range: beyond the end clamped", "GET", List.of("Range", "bytes=3-99999999"), t -> part(t, 3, t.size() - 1)));
        cases.add(new Case("Range: unsatisfiable", "GET", List.of("Range", "bytes=$S-"),
                t -> new Answer(416, null, "bytes */" + t.size(), t.etag(), null)));
        cases.add(new Case("Range: malformed is ignored", "GET", List.of("Range", "bytes=x-y"), ServingCases::whole));
        cases.add(new Case("Range: other unit is ignored", "GET", List.of("Range", "items=0-1"), ServingCases::whole));
        cases.add(new Case("Range: two ranges, multipart", "GET", List.of("Range", "bytes=0-1,5-6"), ServingCases::twoParts));
        cases.add(new Case("Range: overlapping ranges merged", "GET", List.of("Range", "bytes=0-4,2-9"), t -> part(t, 0, 9)));
        cases.add(new Case("Range, HEAD", "HEAD", List.of("Range", "bytes=0-9"), t -> headOf(part(t, 0, 9))));
        cases.add(new Case("Range, HEAD, multipart", "HEAD", List.of("Range", "bytes=0-1,5-6"), t -> headOf(twoParts(t))));
        cases.add(new Case("If-Range: etag", "GET", List.of("If-Range", "$E", "Range", "bytes=0-9"), t -> part(t, 0, 9)));
        cases.add(new Case("If-Range: weak etag", "GET", List.of("If-Range", "W/$E", "Range", "bytes=0-9"), ServingCases::whole));
        cases.add(new Case("If-Range: other", "GET", List.of("If-Range", "\"other\"", "Range", "bytes=0-9"), ServingCases::whole));
        cases.add(new Case("If-Range: Last-Modified", "GET", List.of("If-Range", "$LM", "Range", "bytes=0-9"),
                t -> t.lastModified() != null ? part(t, 0, 9) : whole(t)));
        cases.add(new Case("If-Range: another date", "GET", List.of("If-Range", PAST, "Range", "bytes=0-9"), ServingCases::whole));
        cases.add(new Case("If-None-Match before Range", "GET", List.of("If-None-Match", "$E", "Range", "bytes=0-9"),
                ServingCases::notModified));
        return cases;
    }

    private static Answer whole(Target t) {
        return new Answer(200, Integer.toString(t.size()), null, t.etag(), latin1(t.bytes()));
    }

    private static Answer notModified(Target t) {
        return new Answer(304, Integer.toString(t.size()), null, t.etag(), "");
    }

    private static Answer failed(Target t, int status) {
        return new Answer(status, null, null, t.etag(), null);
    }

    private static Answer part(Target t, int first, int last) {
        return new Answer(206, Integer.toString(last - first + 1), "bytes " + first + "-" + last + "/" + t.size(), t.etag(),
                latin1(Arrays.copyOfRange(t.bytes(), first, last + 1)));
    }

    private static Answer twoParts(Target t) {
        String body = partOf(t, 0, 1) + partOf(t, 5, 6) + "\r\n--BOUNDARY--\r\n";
        // the boundary sent is 16 characters: the declared length counts those, not "BOUNDARY"
        int length = body.length() + 3 * (16 - "BOUNDARY".length());
        return new Answer(206, Integer.toString(length), null, t.etag(), body);
    }

    private static String partOf(Target t, int first, int last) {
        return "\r\n--BOUNDARY\r\nContent-Type: " + t.contentType() + "\r\nContent-Range: bytes " + first + "-" + last + "/"
                + t.size() + "\r\n\r\n" + latin1(Arrays.copyOfRange(t.bytes(), first, last + 1));
    }

    private static Answer headOf(Answer get) {
        return new Answer(get.status(), get.contentLength(), get.contentRange(), get.etag(), "");
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** Learns what {@code uri} serves from a plain GET. */
    public static Target target(HttpClient http, URI uri) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) throw new AssertionError(uri + " answered " + r.statusCode());
        return new Target(r.body(), r.headers().firstValue("ETag").orElseThrow(),
                r.headers().firstValue("Last-Modified").orElse(null), r.headers().firstValue("Content-Type").orElseThrow());
    }

    /** Sends one row's request to {@code uri} and reads the answer in the table's terms. */
    public static Answer observe(HttpClient http, URI uri, Case c, Target t) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).method(c.method(), HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < c.headers().size(); i += 2) {
            String value = c.headers().get(i + 1).replace("$E", t.etag()).replace("$S", Integer.toString(t.size()));
            if (value.contains("$LM")) value = value.replace("$LM", t.lastModified() != null ? t.lastModified() : FUTURE);
            b.header(c.headers().get(i), value);
        }
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        String length = r.headers().firstValue("Content-Length").orElse(null);
        String body = latin1(r.body());
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (type.startsWith("multipart/byteranges; boundary=")) {
            body = body.replace(type.substring("multipart/byteranges; boundary=".length()), "BOUNDARY");
        }
        if (r.statusCode() >= 400) {
            if (!c.method().equals("HEAD") && !Integer.toString(r.body().length).equals(length)) {
                throw new AssertionError(c + ": Content-Length " + length + " but " + r.body().length + " bytes");
            }
            length = null;
            body = null;
        }
        return new Answer(r.statusCode(), length, r.headers().firstValue("Content-Range").orElse(null),
                r.headers().firstValue("ETag").orElse(null), body);
    }
}
