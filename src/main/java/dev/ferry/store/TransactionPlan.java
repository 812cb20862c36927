package dev.ferry.store;

import dev.ferry.core.Digest;

import java.util.List;

/**
 * Written before a transaction moves anything into the store, so that recovery after a crash can
 * remove exactly what that transaction left behind: its generation (unless it became current) and
 * the blobs it added (unless some surviving generation references them).
 */
public record TransactionPlan(String transactionId, long generation, List<Digest> newBlobs) {
    /** Ids are joined to paths when the plan is removed: letters, digits and '-' only, so none can climb out. */
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9-]{1,64}");

    public TransactionPlan {
        if (transactionId == null || !ID.matcher(transactionId).matches()) {
            throw new IllegalArgumentException("not a transaction id: " + dev.ferry.core.Printable.of(String.valueOf(transactionId)));
        }
        newBlobs = List.copyOf(newBlobs);
    }
}
