package dev.ferry.metrics;

import dev.ferry.importer.ReservedPaths;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.net.RFC3986;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP server's request meters: {@code ferry_http_requests_total{route,method,code}} and
 * {@code ferry_http_request_duration_seconds{route}}. Every label takes a bounded set of values: a
 * method is whatever token a client sends, so unknown ones count as "OTHER"; the route is the
 * endpoint group the path belongs to (the server's reserved paths, or "files" for the catalog),
 * never the path itself. Each meter is looked up once and kept: a small file costs a few
 * microseconds to serve, and a registry lookup by tags per request was a fifth of that.
 */
public final class HttpRequestMeters {
    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE");
    static final String OTHER = "OTHER";
    /** The route label of every path outside the server's own endpoints: the published catalog. */
    public static final String FILES = "files";

    private final MeterRegistry registry;
    private final ConcurrentHashMap<Key, Counter> requests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> durations = new ConcurrentHashMap<>();

    private record Key(String route, String method, int code) {
    }

    public HttpRequestMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts the request once its response has ended (or its connection went away), with the time it took. */
    public void measure(HttpServerRequest request, String route) {
        long start = System.nanoTime();
        request.response().endHandler(ended -> record(route, request.method(), request.response().getStatusCode(),
                System.nanoTime() - start));
    }

    void record(String route, HttpMethod method, int code, long nanos) {
        String name = METHODS.contains(method.name()) ? method.name() : OTHER;
        requests.computeIfAbsent(new Key(route, name, code), k -> Counter.builder("ferry.http.requests")
                .description("HTTP requests answered, by endpoint group, method and status code")
                .tag("route", k.route()).tag("method", k.method()).tag("code", Integer.toString(k.code()))
                .register(registry)).increment();
        durations.computeIfAbsent(route, r -> Timer.builder("ferry.http.request.duration")
                .description("Time from a request's arrival until its response ended")
                .tag("route", r).register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * The endpoint group a raw request path belongs to: "/" (the catalog page), a reserved
     * directory ("/v2", "/api/v1") or file ("/metrics"), else {@link #FILES}. A path with escapes or
     * dot segments is first normalised the way the router normalises it, so "/%76%32/" counts where
     * it is answered, under "/v2".
     */
    public static String routeOf(String rawPath) {
        if (rawPath == null) return "/";
        if (rawPath.indexOf('%') >= 0 || rawPath.contains("/.")) {
            try {
                rawPath = RFC3986.normalizePath(rawPath);
            } catch (IllegalArgumentException badEscape) {
                return FILES; // the file route refuses it (400)
            }
        }
        if (rawPath.equals("/")) return "/";
        String path = rawPath.substring(1);
        for (String dir : ReservedPaths.DIRECTORIES) {
            if (path.startsWith(dir) && (path.length() == dir.length() || path.charAt(dir.length()) == '/')) return "/" + dir;
        }
        return ReservedPaths.FILES.contains(path) ? "/" + path : FILES;
    }
}
