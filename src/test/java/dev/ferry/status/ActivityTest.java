package dev.ferry.status;

import dev.ferry.store.Journal;
import dev.ferry.store.JournalEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActivityTest {
    @TempDir
    Path tmp;

    static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    static JournalEntry imported(int minute, String result, Map<String, String> details) {
        return new JournalEntry(T0.plusSeconds(60L * minute), "import", result, "input " + minute,
                JournalEntry.FAILURE.equals(result) ? "refused" : "", 1, details);
    }

    static JournalEntry verified(int minute, int problems) {
        return new JournalEntry(T0.plusSeconds(60L * minute), "verify", problems == 0 ? JournalEntry.SUCCESS : JournalEntry.FAILURE,
                "scrub", "", 1, Map.of("problems", Integer.toString(problems)));
    }

    @Test
    void entriesTakenFromOtherHostsAfterThisHostsOwnCountByTheirTime() throws IOException {
        Journal journal = new Journal(tmp.resolve("journal.jsonl"));
        journal.append(imported(10, JournalEntry.FAILURE, Map.of())); // this host, newest
        journal.append(verified(9, 0));
        journal.append(imported(5, JournalEntry.SUCCESS, Map.of())); // another host's, taken later
        journal.append(verified(4, 3));
        Activity a = Activity.of(journal);
        assertEquals(T0.plusSeconds(600), a.lastAttempt(), "the newest attempt by time");
        assertTrue(a.lastImportFailed());
        assertEquals(T0.plusSeconds(300), a.lastSuccess());
        assertEquals(0, a.verification().lastProblems(), "the newest verification run found nothing");
        assertEquals(3, a.verification().problemsTotal());
        assertEquals(List.of(T0.plusSeconds(300), T0.plusSeconds(600)), a.recentImports().stream().map(JournalEntry::time).toList(),
                "recent imports in time order");
        assertEquals(T0.plusSeconds(600), journal.latest(e -> e.action().equals("import")).orElseThrow().time());
    }

    @Test
    void attemptsAndSuccessesAreKeptApart() throws IOException {
        Journal journal = new Journal(tmp.resolve("journal.jsonl"));
        journal.append(imported(1, JournalEntry.SUCCESS, Map.of()));
        journal.append(imported(2, JournalEntry.UNCHANGED, Map.of()));
        journal.append(imported(3, JournalEntry.FAILURE, Map.of()));
        journal.append(new JournalEntry(T0.plusSeconds(240), "rollback", JournalEntry.SUCCESS, "", "", 1, Map.of()));
        Activity a = Activity.of(journal);
        assertEquals(Map.of("success", 1L, "unchanged", 1L, "failure", 1L), a.importAttempts());
        assertEquals(T0.plusSeconds(180), a.lastAttempt());
        assertEquals(T0.plusSeconds(120), a.lastSuccess(), "an unchanged re-import is a success; the failure is not");
        assertTrue(a.lastImportFailed());
        assertEquals(3, a.recentImports().size(), "rollbacks are not imports");
        journal.append(imported(5, JournalEntry.SUCCESS, Map.of()));
        assertFalse(Activity.of(journal).lastImportFailed());
    }

    @Test
    void theNewestBundleIsTheOneCreatedLast() throws IOException {
        Journal journal = new Journal(tmp.resolve("journal.jsonl"));
        journal.append(imported(1, JournalEntry.SUCCESS, Map.of("bundleId", "b2", "bundleCreated", "2026-10-20T00:00:00Z", "signer", "ABCD")));
        journal.append(imported(2, JournalEntry.SUCCESS, Map.of("bundleId", "b1", "bundleCreated", "2026-10-10T00:00:00Z")));
        journal.append(imported(3, JournalEntry.FAILURE, Map.of("bundleId", "b3", "bundleCreated", "2026-10-30T00:00:00Z")));
        journal.append(imported(4, JournalEntry.SUCCESS, Map.of("bundleId", "bad", "bundleCreated", "not a time")));
        Activity.Bundle b = Activity.of(journal).newestBundle();
        assertEquals("b2", b.id(), "older bundles imported later and refused ones do not count");
        assertEquals(Instant.parse("2026-10-20T00:00:00Z"), b.created());
        assertEquals("ABCD", b.signer());
        assertNull(Activity.NONE.newestBundle());
    }

    @Test
    void verificationRunsSumTheirProblems() throws IOException {
        Journal journal = new Journal(tmp.resolve("journal.jsonl"));
        journal.append(verified(1, 2));
        journal.append(verified(2, 3));
        journal.append(verified(3, 0));
        Activity.Verification v = Activity.of(journal).verification();
        assertEquals(3, v.runs());
        assertEquals(5, v.problemsTotal());
        assertEquals(0, v.lastProblems());
        assertEquals(T0.plusSeconds(180), v.lastRun());
        assertEquals("scrub", v.lastSource());
    }

    @Test
    void recentImportsAreBounded() throws IOException {
        Journal journal = new Journal(tmp.resolve("journal.jsonl"));
        for (int i = 0; i < Activity.RECENT + 5; i++) journal.append(imported(i, JournalEntry.SUCCESS, Map.of()));
        Activity a = Activity.of(journal);
        assertEquals(Activity.RECENT, a.recentImports().size());
        assertEquals("input " + (Activity.RECENT + 4), a.lastImport().source());
        assertEquals(Activity.RECENT + 5, a.importAttempts().get("success"));
    }

    @Test
    void theFollowerReadsOnlyWhatWasAppendedAndNeverHalfALine() throws IOException {
        Path file = tmp.resolve("journal.jsonl");
        Journal journal = new Journal(file);
        JournalFollower follower = new JournalFollower(journal);
        assertFalse(follower.poll(), "no journal yet");
        journal.append(imported(1, JournalEntry.SUCCESS, Map.of()));
        assertTrue(follower.poll());
        assertFalse(follower.poll(), "nothing new");
        String line = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).replace("input 1", "input 2");
        int half = line.length() / 2;
        Files.writeString(file, line.substring(0, half), StandardOpenOption.APPEND); // another process mid-write
        assertFalse(follower.poll(), "a line without its newline is not read yet");
        assertEquals(1, follower.current().importAttempts().get("success"));
        Files.writeString(file, line.substring(half), StandardOpenOption.APPEND);
        assertTrue(follower.poll());
        assertEquals(2, follower.current().importAttempts().get("success"));
        assertEquals("input 2", follower.current().lastImport().source());
        Files.writeString(file, "{torn\n", StandardOpenOption.APPEND);
        journal.append(imported(3, JournalEntry.FAILURE, Map.of()));
        assertTrue(follower.poll());
        assertEquals(1, follower.current().importAttempts().get("failure"), "a torn line is skipped, the next one read");
    }

    @Test
    void aReplacedJournalIsReadAgainFromTheStart() throws IOException {
        Path file = tmp.resolve("journal.jsonl");
        Journal journal = new Journal(file);
        for (int i = 0; i < 3; i++) journal.append(imported(i, JournalEntry.SUCCESS, Map.of()));
        JournalFollower follower = new JournalFollower(journal);
        follower.poll();
        assertEquals(3, follower.current().importAttempts().get("success"));
        Files.delete(file);
        journal.append(imported(9, JournalEntry.FAILURE, Map.of()));
        assertTrue(follower.poll());
        assertEquals(0, follower.current().importAttempts().get("success"));
        assertEquals(1, follower.current().importAttempts().get("failure"));
    }
}
