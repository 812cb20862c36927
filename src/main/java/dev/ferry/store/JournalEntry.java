package dev.ferry.store;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One line of the store's audit journal.
 *
 * @param action     import, rollback, gc…
 * @param result     {@link #SUCCESS}, {@link #UNCHANGED} or {@link #FAILURE}
 * @param source     what was acted on (input path, bundle id, generation)
 * @param reason     why it failed, empty otherwise
 * @param generation the current generation after the action
 * @param details    action-specific facts (files, bytes, new blobs, signer…)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record JournalEntry(Instant time, String action, String result, String source, String reason,
                           long generation, Map<String, String> details) {
    public static final String SUCCESS = "success";
    public static final String UNCHANGED = "unchanged";
    public static final String FAILURE = "failure";

    public JournalEntry {
        source = source == null ? "" : source;
        reason = reason == null ? "" : reason;
        details = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(details == null ? Map.of() : details));
    }

    public boolean succeeded() {
        return !FAILURE.equals(result);
    }
}
