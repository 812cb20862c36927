package dev.ferry.falco;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The drivers clients asked for and did not get: one record per distinct driver (keyed by its
 * download.falco.org path, whichever layout and encoding the client used), with a request count
 * and first/last request times. Memory is bounded: at capacity, the record asked for least
 * (the least recently on a tie) makes room; counts of records kept are exact. Thread-safe.
 */
public final class WantedList {
    private final int capacity;
    private final Map<String, Wanted> byPath = new HashMap<>();
    private long evicted;

    /**
     * @param path          {@code driver/<v>/<arch>/<file>} (or {@code driver/<v>/<file>} for legacy clients)
     * @param lastRequested the catalog path of the latest request (to tell whether it is served now)
     */
    public record Wanted(String path, DriverPath where, DriverFileName name, long requests, Instant firstSeen, Instant lastSeen,
                         String lastRequested) {
    }

    public WantedList(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1");
        this.capacity = capacity;
    }

    public synchronized void record(DriverPath.DriverRequest request, String requestedPath, Instant now) {
        String key = request.path().upstreamPath();
        Wanted old = byPath.get(key);
        if (old == null && byPath.size() >= capacity) {
            Wanted least = byPath.values().stream()
                    .min(Comparator.comparingLong(Wanted::requests).thenComparing(Wanted::lastSeen)).orElseThrow();
            byPath.remove(least.path());
            evicted++;
        }
        byPath.put(key, old == null
                ? new Wanted(key, request.path(), request.name(), 1, now, now, requestedPath)
                : new Wanted(key, old.where(), old.name(), old.requests() + 1, old.firstSeen(), now, requestedPath));
    }

    /** Every record, most requested first (most recent first on a tie). */
    public synchronized List<Wanted> snapshot() {
        List<Wanted> all = new ArrayList<>(byPath.values());
        all.sort(Comparator.comparingLong(Wanted::requests).reversed().thenComparing(Wanted::lastSeen, Comparator.reverseOrder())
                .thenComparing(Wanted::path));
        return all;
    }

    public synchronized long evicted() {
        return evicted;
    }

    public int capacity() {
        return capacity;
    }
}
