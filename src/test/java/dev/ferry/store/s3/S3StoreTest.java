package dev.ferry.store.s3;

import dev.ferry.core.Digest;
import dev.ferry.store.CatalogPath;
import dev.ferry.store.ConcurrentPublishException;
import dev.ferry.store.Generation;
import dev.ferry.store.Store;
import dev.ferry.store.StoreTransaction;
import dev.ferry.store.StoreVerifier;
import dev.ferry.store.VerifyRuns;
import dev.ferry.testing.S3ProxyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What only a store several writers share must guarantee, on a real S3 server (S3Proxy). */
class S3StoreTest {
    static final S3ProxyServer s3 = S3ProxyServer.shared();

    @TempDir
    Path tmp;


    private Store open(String bucket, String state, Clock clock) throws IOException {
        return S3Stores.open(tmp.resolve(state), s3.settings(bucket, "", Duration.ofHours(1)), true, clock);
    }

    private Store open(String bucket, String state) throws IOException {
        return open(bucket, state, Clock.systemUTC());
    }

    /** Adds {@code path} with {@code content} to a begun transaction. */
    private static void put(StoreTransaction tx, String path, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Digest d = tx.putBlob(path, new ByteArrayInputStream(bytes), null, -1);
        tx.putFile(CatalogPath.of(path), d, bytes.length, "text/plain", "file", Map.of());
    }

    private static Generation publish(Store store, String path, String content) throws IOException {
        try (StoreTransaction tx = store.begin("test")) {
            put(tx, path, content);
            return tx.commit().generation();
        }
    }

    private static String text(Store store, Generation g, String path) throws IOException {
        try (var in = store.blobs().open(g.file(CatalogPath.of(path)).orElseThrow().digest())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void twoImportersRacingOnOneBucketPublishExactlyOnce() throws IOException {
        String bucket = s3.createBucket();
        Store one = open(bucket, "one");
        Store two = open(bucket, "two");
        publish(one, "base.txt", "base");
        StoreTransaction first = one.begin("first");
        StoreTransaction second = two.begin("second");
        put(first, "first.txt", "from the first importer");
        put(second, "second.txt", "from the second importer");
        assertEquals(2, first.commit().generation().number());
        ConcurrentPublishException refused = assertThrows(ConcurrentPublishException.class, second::commit);
        assertTrue(refused.getMessage().contains("made generation 2 of s3://" + bucket + "/ current while this ran; nothing was changed"),
                refused.getMessage());

        for (Store reader : List.of(one, two, open(bucket, "three"))) {
            Generation current = reader.current();
            assertEquals(2, current.number());
            assertEquals(Set.of("base.txt", "first.txt"), current.files().keySet());
            assertEquals("from the first importer", text(reader, current, "first.txt"));
        }
        assertEquals(List.of(1L, 2L), one.catalog().list());
        assertTrue(two.catalog().plans().isEmpty(), "the refused transaction's plan is gone");
    }

    @Test
    void twoWritersCreatingTheSameGenerationNumberOneIsRefused() throws IOException {
        String bucket = s3.createBucket();
        Store one = open(bucket, "one");
        Store two = open(bucket, "two");
        Generation mine = new Generation(1, 0, java.time.Instant.now(), "one", Map.of());
        Generation theirs = new Generation(1, 0, java.time.Instant.now(), "two", Map.of());
        one.catalog().write(mine, "tx-one");
        ConcurrentPublishException refused = assertThrows(ConcurrentPublishException.class, () -> two.catalog().write(theirs, "tx-two"));
        assertTrue(refused.getMessage().contains("another importer published generation 1 of s3://" + bucket
                + "/ while this import ran; nothing was changed, import again"), refused.getMessage());
        assertEquals("one", two.catalog().read(1).origin());
    }

    @Test
    void anImporterThatLostThePointerRaceLeavesNoGenerationBehind() throws IOException {
        String bucket = s3.createBucket();
        Store one = open(bucket, "one");
        Store two = open(bucket, "two");
        publish(one, "base.txt", "base");
        StoreTransaction slow = one.begin("slow");
        put(slow, "slow.txt", "slow");
        Generation fast = publish(two, "fast.txt", "fast"); // generation 2, while the slow one runs
        // the slow one numbers its generation 3 (2 exists now) but the pointer moved since it began
        ConcurrentPublishException refused = assertThrows(ConcurrentPublishException.class, slow::commit);
        assertTrue(refused.getMessage().contains("made generation 2 of"), refused.getMessage());
        assertEquals(2, fast.number());
        assertEquals(List.of(1L, 2L), one.catalog().list(), "generation 3 was removed again");
        assertEquals(Set.of("base.txt", "fast.txt"), one.current().files().keySet());
        // the next import starts from the winner's state
        assertEquals(Set.of("base.txt", "fast.txt", "slow.txt"), publish(one, "slow.txt", "slow").files().keySet());
    }

    @Test
    void aRefusedImportLeavesTheChannelRecordsAsTheyWere() throws IOException {
        String bucket = s3.createBucket();
        Store one = open(bucket, "one");
        Store two = open(bucket, "two");
        publish(one, "base.txt", "base");
        StoreTransaction slow = one.begin("slow");
        put(slow, "slow.txt", "slow");
        slow.recordChannel("stable", new dev.ferry.store.ChannelRecord("bundle-7", java.time.Instant.parse("2026-01-01T00:00:00Z"),
                Digest.ofBytes(new byte[]{7}), "signer", java.time.Instant.now(), 0));
        publish(two, "fast.txt", "fast");
        assertThrows(ConcurrentPublishException.class, slow::commit);
        assertTrue(two.catalog().channels().isEmpty(), "a replay of bundle-7 must not be refused: it was never imported");
    }

    @Test
    void aRollbackRacingAnImportWins() throws IOException {
        String bucket = s3.createBucket();
        Store importer = open(bucket, "importer");
        Store admin = open(bucket, "admin");
        publish(importer, "a.txt", "one");
        publish(importer, "a.txt", "two");
        StoreTransaction tx = importer.begin("import");
        put(tx, "b.txt", "three");
        assertEquals(1, admin.rollback(OptionalLong.empty()).number());
        assertThrows(ConcurrentPublishException.class, tx::commit);
        Generation current = importer.current();
        assertEquals(1, current.number());
        assertEquals("one", text(importer, current, "a.txt"));
        assertEquals(List.of(1L, 2L), importer.catalog().list());
    }

    @Test
    void aRollbackWithoutTargetNeverLandsOnAGenerationThatWasNeverCurrent() throws IOException {
        String bucket = s3.createBucket();
        Store importer = open(bucket, "importer");
        publish(importer, "a.txt", "one");
        publish(importer, "a.txt", "two");
        // a host that crashed between writing its generation and moving the pointer, and never came back
        open(bucket, "crashed").catalog().write(new Generation(3, 0, java.time.Instant.now(), "crashed", Map.of()), "tx-crashed");
        assertEquals(4, publish(importer, "a.txt", "four").number(), "the next import numbers past the orphan");
        Store admin = open(bucket, "admin");
        Generation back = admin.rollback(OptionalLong.empty());
        assertEquals(2, back.number(), "the orphan (3) was never current");
        assertEquals("two", text(admin, back, "a.txt"));
        assertEquals(3, admin.rollback(OptionalLong.of(3)).number(), "an explicit target is still the admin's call");
    }

    @Test
    void generationsStayRollbackTargetsAfterTheirPointersAgeOut() throws IOException {
        String bucket = s3.createBucket();
        Store store = open(bucket, "importer");
        for (int i = 1; i <= 12; i++) publish(store, "a.txt", "v" + i);
        assertEquals(3, store.rollback(OptionalLong.of(3)).number());
        Generation back = store.rollback(OptionalLong.empty());
        assertEquals(2, back.number(), "generation 2 was current once, twelve pointer moves ago");
        assertEquals("v2", text(store, back, "a.txt"));
        store.gc(1);
        assertEquals(List.of(2L, 12L), store.catalog().list(), "the current and the newest");
        assertTrue(assertThrows(IOException.class, () -> store.rollback(OptionalLong.empty())).getMessage()
                .contains("no generation older than 2 that was ever current is kept"));
    }

    @Test
    void everyHostSeesTheStoresJournalWhicheverHostWroteIt() throws IOException {
        String bucket = s3.createBucket();
        Store importer = open(bucket, "importer");
        java.time.Instant imported = java.time.Instant.parse("2026-12-01T10:00:00Z");
        importer.journal().append(new dev.ferry.store.JournalEntry(imported, "import", dev.ferry.store.JournalEntry.SUCCESS,
                "bundle.tar", "", 1, Map.of()));
        importer.journal().append(new dev.ferry.store.JournalEntry(imported.plusSeconds(1), "admin", dev.ferry.store.JournalEntry.FAILURE,
                "POST /api/v1/imports", "no token", 0, Map.of()));
        Store replica = open(bucket, "replica");
        dev.ferry.status.Activity seen = dev.ferry.status.Activity.of(replica.journal());
        assertEquals(imported, seen.lastSuccess(), "the import another host ran");
        assertEquals(1L, seen.importAttempts().get("success"));
        assertTrue(replica.journal().tail(10).stream().noneMatch(e -> e.action().equals("admin")), "audit lines stay with their host");

        replica.journal().append(new dev.ferry.store.JournalEntry(imported.plusSeconds(60), "verify", dev.ferry.store.JournalEntry.SUCCESS,
                "scrub", "", 1, Map.of("problems", "0")));
        assertEquals(1, dev.ferry.status.Activity.of(replica.journal()).importAttempts().get("success"), "taken once");
        Store fresh = open(bucket, "fresh"); // a new replica on an empty volume rebuilds the history
        dev.ferry.status.Activity all = dev.ferry.status.Activity.of(fresh.journal());
        assertEquals(imported, all.lastSuccess());
        assertEquals(1, all.verification().runs());
        assertEquals(imported.plusSeconds(60), all.verification().lastRun(), "the scrub schedule follows any host's run");
    }

    @Test
    void theBucketKeepsOnlyTheNewestJournalEntries() throws IOException {
        String bucket = s3.createBucket();
        open(bucket, "init");
        try (S3Bucket b = S3Bucket.connect(s3.settings(bucket, "", Duration.ofHours(1)))) {
            BucketJournal journal = new BucketJournal(b, Files.createDirectories(tmp.resolve("state")), 3);
            for (int i = 0; i < 5; i++) {
                journal.publish(new dev.ferry.store.JournalEntry(java.time.Instant.parse("2026-12-01T10:00:00Z").plusSeconds(i), "gc",
                        dev.ferry.store.JournalEntry.SUCCESS, "", "", 1, Map.of()));
            }
            assertEquals(3, s3.keys(bucket, BucketJournal.ENTRIES).size());
            BucketJournal other = new BucketJournal(b, Files.createDirectories(tmp.resolve("other")), 3);
            assertEquals(List.of(2L, 3L, 4L), other.take().stream().map(e -> e.time().getEpochSecond() % 60).toList(), "oldest first");
        }
    }

    /** Runs {@code action} on a thread held at crash point {@code point} until {@link #release} is called. */
    private Thread heldAt(String point, java.util.concurrent.Callable<?> action, java.util.concurrent.atomic.AtomicReference<Object> outcome)
            throws InterruptedException {
        System.setProperty(dev.ferry.store.CrashPoints.HOLD, point);
        System.setProperty(dev.ferry.store.CrashPoints.HOLD_FILE, tmp.resolve("release").toString());
        Thread t = new Thread(() -> {
            try {
                outcome.set(action.call());
            } catch (Exception e) {
                outcome.set(e);
            }
        });
        t.start();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (!java.util.Arrays.toString(t.getStackTrace()).contains("CrashPoints.hold")) {
            assertTrue(t.isAlive() && System.nanoTime() < deadline, "never reached " + point + ": " + outcome.get());
            Thread.sleep(10);
        }
        return t;
    }

    private void release(Thread held) throws Exception {
        Files.createFile(tmp.resolve("release"));
        held.join(30_000);
        System.clearProperty(dev.ferry.store.CrashPoints.HOLD);
        System.clearProperty(dev.ferry.store.CrashPoints.HOLD_FILE);
    }

    private Store openWithoutGrace(String bucket, String state) throws IOException {
        return S3Stores.open(tmp.resolve(state), s3.settings(bucket, "", Duration.ZERO), true, Clock.systemUTC());
    }

    @Test
    void aRollbackWhoseTargetGcDeletesMeanwhileGoesBackAndSaysSo() throws Exception {
        String bucket = s3.createBucket();
        Store admin = open(bucket, "admin");
        for (String v : List.of("one", "two", "three")) publish(admin, "a.txt", v);
        var outcome = new java.util.concurrent.atomic.AtomicReference<Object>();
        // on another host, gc deletes the target after the rollback checked it and before the pointer moves
        Thread rollback = heldAt("pointer-checked", () -> admin.rollback(OptionalLong.of(1)), outcome);
        openWithoutGrace(bucket, "gc-host").gc(1);
        release(rollback);
        IOException refused = assertInstanceOf(IOException.class, outcome.get());
        assertTrue(refused.getMessage().contains("generation 1 was deleted (gc on another host) while this rollback ran; "
                + "generation 3 is current again"), refused.getMessage());
        Generation current = open(bucket, "reader").current();
        assertEquals(3, current.number());
        assertEquals("three", text(admin, current, "a.txt"));
    }

    @Test
    void gcKeepsAGenerationARollbackMadeCurrentWhileItRan() throws Exception {
        String bucket = s3.createBucket();
        Store admin = open(bucket, "admin");
        for (String v : List.of("one", "two", "three")) publish(admin, "a.txt", v);
        Store gcHost = openWithoutGrace(bucket, "gc-host");
        var outcome = new java.util.concurrent.atomic.AtomicReference<Object>();
        Thread gc = heldAt("gc-planned", () -> gcHost.gc(1), outcome);
        assertEquals(1, admin.rollback(OptionalLong.of(1)).number()); // after gc chose to delete 1 and 2
        release(gc);
        Store.GcReport report = assertInstanceOf(Store.GcReport.class, outcome.get());
        assertEquals(List.of(2L), report.deletedGenerations(), "generation 1 became current: restored, not deleted");
        Store reader = open(bucket, "reader");
        assertEquals(List.of(1L, 3L), reader.catalog().list());
        Generation current = reader.current();
        assertEquals(1, current.number());
        assertEquals("one", text(reader, current, "a.txt"), "its blobs were kept");
    }

    @Test
    void onlyBlobsTheCurrentGenerationReferencesAreReusedUnuploaded() throws IOException {
        String bucket = s3.createBucket();
        Store store = open(bucket, "state");
        publish(store, "a.txt", "old");
        publish(store, "a.txt", "new"); // "old" is still in the bucket, but nothing current references it
        assertTrue(store.blobs().contains(Digest.ofBytes("old".getBytes(StandardCharsets.UTF_8))));
        try (StoreTransaction tx = store.begin("test")) {
            put(tx, "b.txt", "old");
            put(tx, "c.txt", "new");
            StoreTransaction.CommitResult result = tx.commit();
            assertEquals(1, result.newBlobs(), "\"old\" is uploaded again (a gc elsewhere may be deleting it), \"new\" is not");
        }
    }

    @Test
    void gcSparesUnreferencedObjectsYoungerThanTheGracePeriod() throws IOException {
        String bucket = s3.createBucket();
        Store store = open(bucket, "state");
        Generation first = publish(store, "a.txt", "old content");
        Digest old = first.file(CatalogPath.of("a.txt")).orElseThrow().digest();
        publish(store, "a.txt", "new content");

        Store.GcReport now = store.gc(1);
        assertEquals(List.of(1L), now.deletedGenerations());
        assertEquals(0, now.deletedBlobs());
        assertEquals(1, now.leftBlobs());
        assertTrue(store.blobs().contains(old), "a download may still read it");

        Clock later = Clock.offset(Clock.system(ZoneOffset.UTC), Duration.ofHours(2));
        Store.GcReport afterGrace = open(bucket, "state", later).gc(1);
        assertEquals(1, afterGrace.deletedBlobs());
        assertEquals(0, afterGrace.leftBlobs());
        assertFalse(store.blobs().contains(old));
        assertEquals("new content", text(store, store.current(), "a.txt"));
    }

    @Test
    void verifyFindsAnObjectDamagedInTheBucketAndQuarantinesIt() throws IOException {
        String bucket = s3.createBucket();
        Store store = open(bucket, "state");
        Generation g = publish(store, "a.txt", "intact content");
        Digest d = g.file(CatalogPath.of("a.txt")).orElseThrow().digest();
        s3.putObject(bucket, "blobs/sha256/" + d.hex(), "tampered content".getBytes(StandardCharsets.UTF_8));

        StoreVerifier.Report report = VerifyRuns.run(store, "test", n -> { });
        assertEquals(Set.of(d), report.damagedBlobs());
        assertFalse(s3.exists(bucket, "blobs/sha256/" + d.hex()), "no longer served");
        assertArrayEquals("tampered content".getBytes(StandardCharsets.UTF_8), s3.getObject(bucket, "quarantine/sha256/" + d.hex()));
    }

    @Test
    void aBucketWithoutTheMarkerIsRefused() throws IOException {
        String bucket = s3.createBucket();
        Store.NotAStoreException e = assertThrows(Store.NotAStoreException.class,
                () -> S3Stores.open(tmp.resolve("state"), s3.settings(bucket, "", Duration.ofHours(1)), false, Clock.systemUTC()));
        assertTrue(e.getMessage().contains("is not a Ferry store (no ferry-store object)"), e.getMessage());
        assertTrue(s3.keys(bucket, "").isEmpty(), "opening created nothing");
        assertFalse(Files.exists(tmp.resolve("state")));
    }

    @Test
    void aMissingBucketIsNamedAndNeverCreated() {
        Store.NotAStoreException e = assertThrows(Store.NotAStoreException.class, () -> open("ferry-no-such-bucket", "state"));
        assertTrue(e.getMessage().contains("bucket ferry-no-such-bucket does not exist at " + s3.endpoint()
                + "; create it first (Ferry never creates buckets)"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("state")));
    }

    @Test
    void aStateDirectoryServesOneStoreOnly() throws IOException {
        String a = s3.createBucket();
        String b = s3.createBucket();
        open(a, "state");
        Store.NotAStoreException e = assertThrows(Store.NotAStoreException.class, () -> open(b, "state"));
        assertTrue(e.getMessage().contains("is the local state of s3 " + a + "/"), e.getMessage());
        assertTrue(s3.keys(b, "").isEmpty(), "the other bucket got no marker: " + s3.keys(b, ""));
        Store.NotAStoreException fs = assertThrows(Store.NotAStoreException.class, () -> Store.open(tmp.resolve("state")));
        assertTrue(fs.getMessage().contains("kept elsewhere (s3 " + a + "/)"), fs.getMessage());
    }

    @Test
    void replicasFollowThePointerThroughTheHint() throws IOException {
        String bucket = s3.createBucket();
        Store writer = open(bucket, "writer");
        Store reader = open(bucket, "reader");
        assertEquals(OptionalLong.empty(), reader.catalog().current());
        for (int i = 1; i <= 3; i++) {
            publish(writer, "a.txt", "version " + i);
            // two polls: the first may still be answered from what the reader saw (304), never a stale one after a change
            assertEquals(OptionalLong.of(i), reader.catalog().current());
            assertEquals(OptionalLong.of(i), reader.catalog().current());
        }
        assertEquals("version 3", text(reader, reader.current(), "a.txt"));
    }
}
