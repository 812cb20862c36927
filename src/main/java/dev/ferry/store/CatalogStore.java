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

    Generation read(long generation) throws IOException;

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
