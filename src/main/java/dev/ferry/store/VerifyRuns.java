package dev.ferry.store;

import dev.ferry.core.Digest;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * A verification run of the whole store that leaves a journal entry (action {@value #ACTION}),
 * whoever runs it: the server's background scrub or {@code ferry verify}. Monitoring reads the
 * runs back from the journal, so both count the same way.
 */
public final class VerifyRuns {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(VerifyRuns.class);
    public static final String ACTION = "verify";
    /** Journal detail: number of problems found. */
    public static final String PROBLEMS = "problems";
    /** How long a verification waits for a running import before it gives up quarantining. */
    static final Duration QUARANTINE_WAIT = Duration.ofMinutes(10);

    private VerifyRuns() {
    }

    /**
     * Verifies {@code store} and journals the outcome as {@code source} ("scrub", "ferry verify").
     * A journal that cannot be written (a read-only mount) costs only the record, with a warning.
     */
    public static StoreVerifier.Report run(Store store, String source, LongConsumer bytesHashed) throws IOException {
        return run(store, source, bytesHashed, true);
    }

    /**
     * @param quarantine move damaged blobs aside at once (waiting for a running import to finish), so
     *                   nothing serves them from then on; false only reports them
     */
    public static StoreVerifier.Report run(Store store, String source, LongConsumer bytesHashed, boolean quarantine) throws IOException {
        Instant start = store.now();
        StoreVerifier.Report report = new StoreVerifier(store).verify(bytesHashed);
        if (quarantine && !report.damagedBlobs().isEmpty()) store.quarantineWhenFree(report.damagedBlobs(), QUARANTINE_WAIT);
        Instant end = store.now();
        try {
            store.journal().append(entry(report, source, store.current().number(), end, Duration.between(start, end)));
        } catch (IOException e) {
            LOG.warn("verification not journaled: {}", e.getMessage());
        }
        return report;
    }

    static JournalEntry entry(StoreVerifier.Report report, String source, long generation, Instant time, Duration took) {
        Map<String, String> details = new TreeMap<>();
        details.put(PROBLEMS, Integer.toString(report.problems().size()));
        details.put("blobs", Long.toString(report.blobsChecked()));
        details.put("bytes", Long.toString(report.bytesChecked()));
        details.put("damagedBlobs", Integer.toString(report.damagedBlobs().size()));
        if (!report.damagedBlobs().isEmpty()) {
            details.put("damaged", report.damagedBlobs().stream().map(Digest::toString).collect(java.util.stream.Collectors.joining(" ")));
        }
        details.put("seconds", Long.toString(took.toSeconds()));
        String reason = "";
        if (!report.clean()) {
            StoreVerifier.Problem first = report.problems().get(0);
            reason = report.problems().size() == 1 ? first.toString()
                    : first + " (and " + (report.problems().size() - 1) + " more; run ferry verify)";
        }
        return new JournalEntry(time, ACTION, report.clean() ? JournalEntry.SUCCESS : JournalEntry.FAILURE, source, reason,
                generation, details);
    }
}
