package dev.ferry.fetch;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

/** When to try again: exponential backoff with jitter, or what a 429/503 {@code Retry-After} asks, both capped. */
final class Retries {
    private Retries() {
    }

    static boolean retryable(int status) {
        return status == 429 || status >= 500;
    }

    /** The delay before try {@code attempt + 1} (attempt counts from 1). */
    static Duration delay(FetchSettings s, int attempt, HttpHeaders headers) {
        Duration asked = headers == null ? null : retryAfter(headers.firstValue("Retry-After").orElse(null), Instant.now());
        if (asked != null) return min(asked, s.maxRetryWait());
        long base = s.backoff().toMillis() << Math.min(attempt - 1, 20);
        long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        return min(Duration.ofMillis(jittered), s.maxRetryWait());
    }

    /** {@code Retry-After} as delay-seconds or an HTTP-date; null when absent or unreadable. */
    static Duration retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) return null;
        String v = value.trim();
        if (v.chars().allMatch(Character::isDigit)) {
            return v.length() > 9 ? Duration.ofDays(1) : Duration.ofSeconds(Long.parseLong(v));
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static void sleep(Duration d) throws java.io.InterruptedIOException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to retry");
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
