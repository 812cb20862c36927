package dev.ferry.store;

import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;

/**
 * Durable catalog state: numbered immutable generations, the single "current" pointer, the
 * transaction plans used for crash recovery, and the append-only journal.
 */
public interface CatalogStore {

    /** The current generation number, or empty for a store that never published. */
    OptionalLong current() throws IOException;

    /** Moves the current pointer atomically and durably. */
    void setCurrent(long generation) throws IOException;

    /**
     * The pointer as a writer must see it before it starts (authoritative, never a cached hint):
     * the generation it names and a version that {@link #setCurrent(long, PointerState)} checks.
     */
    default PointerState pointer() throws IOException {
        return new PointerState(current(), 0);
    }

    /**
     * Moves the pointer only if it is still where {@code seen} found it; otherwise fails with
     * {@link ConcurrentPublishException} and moves nothing. A store with one writer (the lock
     * excludes the others) needs no check.
     */
    default void setCurrent(long generation, PointerState seen) throws IOException {
        setCurrent(generation);
    }

    /**
     * {@link #write(Generation)} on behalf of transaction {@code transactionId}, so that recovery can
     * tell its own leftover from another writer's generation of the same number.
     */
    default void write(Generation generation, String transactionId) throws IOException {
        write(generation);
    }

    /**
     * Recovery: removes the generation an interrupted transaction wrote unless it became current.
     * On a shared store only a generation that transaction itself wrote goes.
     */
    default void discardUnpublished(TransactionPlan plan) throws IOException {
        java.util.OptionalLong current = current();
        if (current.isEmpty() || current.getAsLong() != plan.generation()) delete(plan.generation());
    }

    Generation read(long generation) throws IOException;

    /**
     * The kept generations that were current at some time: the targets a rollback without a number
     * may choose. A store whose writers all share one lock removes a generation that never became
     * current before anything else runs, so there every kept generation was.
     */
    default java.util.Set<Long> onceCurrent() throws IOException {
        return new java.util.HashSet<>(list());
    }

    /** Generation numbers present, ascending. */
    List<Long> list() throws IOException;

    /** Writes a new generation durably; refuses to overwrite an existing one. */
    void write(Generation generation) throws IOException;

    void delete(long generation) throws IOException;

    /** Records what a transaction is about to publish, before it publishes anything. */
    void writePlan(TransactionPlan plan) throws IOException;

    List<TransactionPlan> plans() throws IOException;

    void deletePlan(String transactionId) throws IOException;

    Journal journal();

    /** The newest bundle accepted per channel; survives rollback and gc. */
    java.util.Map<String, ChannelRecord> channels() throws IOException;

    /** Replaces the channel records atomically and durably. */
    void writeChannels(java.util.Map<String, ChannelRecord> channels) throws IOException;
}
