package dev.ferry.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;

import java.util.Set;

/**
 * Keeps the Vert.x HTTP meters' labels bounded. A request method is whatever token a client
 * sends, so every unknown one is counted as "OTHER"; paths are never labels (routes are, and
 * those are the server's own patterns); the status code is three digits.
 */
final class HttpLabels {
    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE");
    static final String OTHER = "OTHER";

    private HttpLabels() {
    }

    static void bound(MeterRegistry registry) {
        registry.config().meterFilter(MeterFilter.replaceTagValues("method", m -> METHODS.contains(m) ? m : OTHER));
    }
}
