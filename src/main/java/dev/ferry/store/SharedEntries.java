package dev.ferry.store;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * Journal entries exchanged between the hosts that write one store (replicas and importers on a
 * bucket). Only entries about the store itself are shared; an admin API audit line stays with the
 * host that served the request.
 */
public interface SharedEntries {
    /** The actions whose entries every host sees. */
    Set<String> ACTIONS = Set.of("import", "rollback", "gc", "quarantine", "repair", VerifyRuns.ACTION);

    /** Makes {@code entry}, just journaled here, visible to the other hosts. */
    void publish(JournalEntry entry) throws IOException;

    /** Entries other hosts published that this host has not taken yet, oldest first; each is returned once. */
    List<JournalEntry> take() throws IOException;
}
