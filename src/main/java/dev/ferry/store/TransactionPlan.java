package dev.ferry.store;

import java.util.List;

/**
 * Written before a transaction moves anything into the store, so that recovery after a crash can
 * remove exactly what that transaction left behind: its generation (unless it became current) and
 * the blobs it added (unless some surviving generation references them).
 */
public record TransactionPlan(String transactionId, long generation, List<Digest> newBlobs) {
    public TransactionPlan {
        newBlobs = List.copyOf(newBlobs);
    }
}
