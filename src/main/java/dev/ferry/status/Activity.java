package dev.ferry.status;

import dev.ferry.store.Journal;
import dev.ferry.store.JournalEntry;
import dev.ferry.store.VerifyRuns;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the store's journal says happened: import attempts by result, the last attempt and the
 * last success (kept apart, so that failing attempts can never make an import look recent), the
 * newest bundle imported, and the store verification runs (background scrub or {@code ferry
 * verify}). Built from the journal, so imports and verifications by any process count and the
 * totals survive restarts. Immutable; {@link Accumulator} builds it.
 *
 * @param importAttempts       import attempts by result ({@link #IMPORT_RESULTS}, always all present)
 * @param lastImport           the newest import attempt, null if none
 * @param lastSuccessfulImport the newest import that did not fail (an unchanged re-import counts), null if none
 * @param recentImports        the newest {@link #RECENT} import attempts, oldest first
 * @param newestBundle         the successfully imported bundle with the newest creation time, null if none
 * @param blobChanges          entries of actions that add or remove blobs (import, gc, quarantine): when it
 *                             grows, the store's size is worth measuring again
 */
public record Activity(Map<String, Long> importAttempts, JournalEntry lastImport, JournalEntry lastSuccessfulImport,
                       List<JournalEntry> recentImports, Bundle newestBundle, Verification verification, long blobChanges) {
    public static final List<String> IMPORT_RESULTS = List.of(JournalEntry.SUCCESS, JournalEntry.UNCHANGED, JournalEntry.FAILURE);
    public static final int RECENT = 20;
    public static final Activity NONE = new Accumulator().snapshot();

    /** A bundle as its import journaled it (id, creation time and signer come from the signed manifest). */
    public record Bundle(String id, Instant created, String signer, String channel, Instant importedAt) {
    }

    /**
     * @param runs          verification runs journaled
     * @param lastRun       when the newest ended, null if never
     * @param lastProblems  problems the newest run found (0 = clean)
     * @param problemsTotal problems found, summed over all runs (a damage still there is counted by each run)
     */
    public record Verification(long runs, Instant lastRun, long lastProblems, long problemsTotal, String lastSource) {
    }

    /** The whole journal, read once (for the CLI; a server follows it with {@link JournalFollower}). */
    public static Activity of(Journal journal) throws IOException {
        Accumulator a = new Accumulator();
        journal.readFrom(0, a::accept);
        return a.snapshot();
    }

    /** When the newest import attempt ended, null if never. */
    public Instant lastAttempt() {
        return lastImport == null ? null : lastImport.time();
    }

    /** When the newest successful import ended, null if never. */
    public Instant lastSuccess() {
        return lastSuccessfulImport == null ? null : lastSuccessfulImport.time();
    }

    /** True when the newest import attempt failed. */
    public boolean lastImportFailed() {
        return lastImport != null && !lastImport.succeeded();
    }

    /** Folds journal entries, in journal order, into an {@link Activity}. */
    public static final class Accumulator {
        private final Map<String, Long> attempts = new LinkedHashMap<>();
        private JournalEntry lastImport;
        private JournalEntry lastSuccess;
        private final Deque<JournalEntry> recent = new ArrayDeque<>();
        private Bundle newestBundle;
        private long verifyRuns;
        private Instant lastVerify;
        private long lastProblems;
        private long problemsTotal;
        private String lastVerifySource = "";
        private long blobChanges;

        public Accumulator() {
            IMPORT_RESULTS.forEach(r -> attempts.put(r, 0L));
        }

        public void accept(JournalEntry e) {
            if (e.time() == null) return;
            switch (e.action()) {
                case "import" -> importAttempt(e);
                case VerifyRuns.ACTION -> verification(e);
                case "gc", "quarantine" -> blobChanges++;
                default -> {
                    // rollback, admin audit…: nothing to count
                }
            }
        }

        private void importAttempt(JournalEntry e) {
            String result = IMPORT_RESULTS.contains(e.result()) ? e.result() : e.succeeded() ? JournalEntry.SUCCESS : JournalEntry.FAILURE;
            attempts.merge(result, 1L, Long::sum);
            blobChanges++;
            if (!olderThan(e, lastImport)) lastImport = e;
            addRecent(e);
            if (!e.succeeded()) return;
            if (!olderThan(e, lastSuccess)) lastSuccess = e;
            Instant created = instant(e.details().get("bundleCreated"));
            if (created != null && (newestBundle == null || created.isAfter(newestBundle.created()))) {
                newestBundle = new Bundle(e.details().getOrDefault("bundleId", ""), created, e.details().getOrDefault("signer", ""),
                        e.details().getOrDefault("channel", ""), e.time());
            }
        }

        private void verification(JournalEntry e) {
            long problems = number(e.details().get(VerifyRuns.PROBLEMS));
            verifyRuns++;
            problemsTotal += problems;
            if (lastVerify != null && e.time().isBefore(lastVerify)) return;
            lastVerify = e.time();
            lastProblems = problems;
            lastVerifySource = e.source();
        }

        /**
         * Entries usually come in time order, but a store several hosts write hands this host the
         * others' entries after its own: the newest by time wins.
         */
        private static boolean olderThan(JournalEntry e, JournalEntry than) {
            return than != null && e.time().isBefore(than.time());
        }

        /** Keeps the newest {@value #RECENT} imports in time order. */
        private void addRecent(JournalEntry e) {
            List<JournalEntry> sorted = new ArrayList<>(recent);
            int at = sorted.size();
            while (at > 0 && e.time().isBefore(sorted.get(at - 1).time())) at--;
            sorted.add(at, e);
            recent.clear();
            recent.addAll(sorted.subList(Math.max(0, sorted.size() - RECENT), sorted.size()));
        }

        public Activity snapshot() {
            return new Activity(Collections.unmodifiableMap(new LinkedHashMap<>(attempts)), lastImport, lastSuccess,
                    List.copyOf(recent), newestBundle,
                    new Verification(verifyRuns, lastVerify, lastProblems, problemsTotal, lastVerifySource), blobChanges);
        }

        private static Instant instant(String text) {
            if (text == null) return null;
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                return null;
            }
        }

        private static long number(String text) {
            try {
                return text == null ? 0 : Math.max(0, Long.parseLong(text));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }
}
