package dev.ferry.importer;

import dev.ferry.core.Digest;
import dev.ferry.testing.CliRun;
import dev.ferry.testing.GuardedStore;
import dev.ferry.testing.Hostile;
import dev.ferry.testing.Trees;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import static dev.ferry.testing.Hostile.assertRefused;
import static dev.ferry.testing.Hostile.link;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Another store given as an input is untrusted data: it is never locked, recovered or written, its
 * plans are never read, and a link or special file where Ferry reads refuses it, naming the file.
 * The target store and every canary stay as they were.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UntrustedStoreInputTest {
    private static final String GENERATION = "generations/0000000001.json";

    @TempDir
    Path tmp;
    Path target;
    Path input;
    GuardedStore targetGuard;
    GuardedStore inputGuard;
    final Hostile hostile = new Hostile();

    @BeforeEach
    void storesWithContent() throws IOException {
        target = tmp.resolve("target");
        input = tmp.resolve("input");
        ok(CliRun.ferry("import", "--create", "--store", target.toString(),
                Trees.tree(tmp.resolve("seed"), Trees.files("keep.txt", "kept")).toString()));
        ok(CliRun.ferry("import", "--create", "--store", input.toString(),
                Trees.tree(tmp.resolve("content"), Trees.files("a.txt", "alpha", "sub/b.bin", "beta")).toString()));
        Files.delete(input.resolve("lock")); // so that a lock taken on the input shows up as a new file
    }

    @AfterEach
    void release() {
        hostile.releaseFifos();
    }

    private static void ok(CliRun r) {
        assertEquals(0, r.exit(), r.both());
    }

    /** Records both stores as they are now (after the input was made hostile) and plants canaries. */
    private void guard() throws IOException {
        Files.writeString(input.resolve("notes.json"), "{\"canary\":true}\n"); // planted before the snapshot
        targetGuard = GuardedStore.around(target);
        inputGuard = GuardedStore.around(input);
        targetGuard.canary(tmp.resolve("outside/canary.json"));
        inputGuard.canary(input.resolve("notes.json"));
    }

    private CliRun importInput() {
        return CliRun.ferry("import", "--store", target.toString(), input.toString());
    }

    private void assertNothingTouched() throws IOException {
        targetGuard.assertUntouched("target store");
        inputGuard.assertUntouched("input store");
        assertFalse(Files.exists(input.resolve("lock"), LinkOption.NOFOLLOW_LINKS), "no lock taken on the input");
    }

    private void refused(String entry, String reason) throws IOException {
        guard();
        assertRefused(importInput(), entry, reason);
        assertNothingTouched();
    }

    private Path blob(String content) {
        return input.resolve("blobs/sha256/" + Digest.ofBytes(content.getBytes(StandardCharsets.UTF_8)).hex());
    }

    @Test
    void aPlainStoreInputImportsAndIsLeftAsItWas() throws IOException {
        guard();
        CliRun r = importInput();
        ok(r);
        inputGuard.assertUntouched("input store");
        assertFalse(Files.exists(input.resolve("lock"), LinkOption.NOFOLLOW_LINKS), "no lock taken on the input");
    }

    @Test
    void stagingLinkedIntoTheTarget() throws IOException {
        link(input.resolve("staging"), target.resolve("blobs/sha256"));
        refused("staging", "symbolic link");
    }

    @Test
    void transactionsLinkedIntoTheTarget() throws IOException {
        link(input.resolve("transactions"), target.resolve("generations"));
        refused("transactions", "symbolic link");
    }

    @Test
    void generationsLinkedToTheTarget() throws IOException {
        link(input.resolve("generations"), target.resolve("generations"));
        refused("generations", "symbolic link");
    }

    @Test
    void blobsLinkedToTheTarget() throws IOException {
        link(input.resolve("blobs"), target.resolve("blobs"));
        refused("blobs", "symbolic link");
    }

    @Test
    void blobsSha256LinkedToTheTarget() throws IOException {
        link(input.resolve("blobs/sha256"), target.resolve("blobs/sha256"));
        refused("blobs/sha256", "symbolic link");
    }

    @Test
    void aPlanWhoseIdClimbsOutIsNeverRead() throws IOException {
        Path neighbour = tmp.resolve("victim.json");
        Files.writeString(neighbour, "{}");
        String missing = "0".repeat(64);
        Files.writeString(input.resolve("transactions/evil.json"), "{\"transactionId\":\"../../victim\",\"generation\":7,"
                + "\"newBlobs\":[\"sha256:" + Digest.ofBytes("alpha".getBytes(StandardCharsets.UTF_8)).hex() + "\",\"sha256:" + missing + "\"]}");
        guard();
        inputGuard.canary(neighbour);
        ok(importInput()); // plans describe an unfinished write of that store, which an input's current generation never needs
        inputGuard.assertUntouched("input store and the file the plan names");
        assertTrue(Files.exists(input.resolve("transactions/evil.json")), "the plan was not replayed");
        assertFalse(Files.exists(input.resolve("lock"), LinkOption.NOFOLLOW_LINKS), "no lock taken on the input");
    }

    @Test
    void lockLinkedToTheTargetsCurrentPointer() throws IOException {
        link(input.resolve("lock"), target.resolve("current"));
        guard();
        assertRefused(importInput(), "lock", "symbolic link");
        targetGuard.assertUntouched("target store");
        inputGuard.assertUntouched("input store");
    }

    @Test
    void currentIsALink() throws IOException {
        link(input.resolve("current"), target.resolve("current"));
        refused("current", "symbolic link");
    }

    @Test
    void currentIsAFifo() throws Exception {
        hostile.fifo(input.resolve("current"));
        refused("current", "not a regular file");
    }

    @Test
    void currentIsHuge() throws IOException {
        Hostile.sized(input.resolve("current"), 4096);
        refused("current", "larger than");
    }

    @Test
    void currentIsNotANumber() throws IOException {
        Files.writeString(input.resolve("current"), "../../target/generations/1\n");
        refused("current", "not a generation number");
    }

    @Test
    void generationIsHuge() throws IOException {
        Hostile.sized(input.resolve(GENERATION), (64L << 20) + 1); // just over the cap: the guard reads it whole
        refused(GENERATION, "larger than");
    }

    @Test
    void generationLinksToDevZero() throws IOException {
        link(input.resolve(GENERATION), Path.of("/dev/zero"));
        refused(GENERATION, "symbolic link");
    }

    @Test
    void generationIsAFifo() throws Exception {
        hostile.fifo(input.resolve(GENERATION));
        refused(GENERATION, "not a regular file");
    }

    @Test
    void blobMissing() throws IOException {
        Path b = blob("alpha");
        Files.delete(b);
        refused("blob sha256:" + b.getFileName(), "missing");
    }

    @Test
    void aMissingBlobNamesThePathItServes() throws IOException {
        Files.delete(blob("beta"));
        guard();
        CliRun r = importInput();
        assertRefused(r, "sub/b.bin", "missing");
        assertNothingTouched();
    }

    @Test
    void blobIsALinkToAFileWithTheSameContent() throws IOException {
        Path copy = Files.writeString(tmp.resolve("alpha-elsewhere"), "alpha");
        link(blob("alpha"), copy);
        refused(blob("alpha").getFileName().toString(), "symbolic link");
    }

    @Test
    void blobIsAFifo() throws Exception {
        hostile.fifo(blob("alpha"));
        refused(blob("alpha").getFileName().toString(), "not a regular file");
    }

    @Test
    void blobIsADirectory() throws IOException {
        Path b = blob("alpha");
        Files.delete(b);
        Files.createDirectory(b);
        refused("blob sha256:" + b.getFileName(), "not a regular file");
    }

    @Test
    void blobIsDamaged() throws IOException {
        Files.writeString(blob("alpha"), "ALPHA");
        refused("a.txt", "sha256 mismatch");
    }

    @Test
    void blobHardLinkedToAFileOutsideTheStore() throws IOException {
        Path outside = Files.writeString(tmp.resolve("alpha-outside"), "alpha");
        Files.delete(blob("alpha"));
        Files.createLink(blob("alpha"), outside);
        refused("blobs/sha256/" + blob("alpha").getFileName(), "hard link: 2 names, 1 inside the input");
    }

    @Test
    void markerIsALink() throws IOException {
        Path fake = Files.writeString(tmp.resolve("marker"), "ferry.store.v1\n");
        link(input.resolve("ferry-store"), fake);
        refused("ferry-store", "symbolic link");
    }

    @Test
    void generationNamesAnotherNumber() throws IOException {
        String json = Files.readString(input.resolve(GENERATION)).replaceFirst("\"number\":1", "\"number\":2");
        Files.writeString(input.resolve(GENERATION), json);
        refused(GENERATION, "claims to be generation 2");
    }

    @Test
    void bundlingAHostileStoreTouchesNothing() throws IOException {
        link(input.resolve("lock"), target.resolve("current"));
        link(input.resolve("staging"), target.resolve("blobs/sha256"));
        guard();
        CliRun r = CliRun.ferry("bundle", "create", "--unsigned", "--out", tmp.resolve("out.tar").toString(), input.toString());
        assertRefused(r, "lock", "symbolic link");
        targetGuard.assertUntouched("target store");
        inputGuard.assertUntouched("input store");
        assertFalse(Files.exists(tmp.resolve("out.tar")), "no bundle written");
    }

    @Test
    void blobOfAnotherSize() throws IOException {
        Files.writeString(blob("alpha"), "alph");
        refused("blob sha256:" + blob("alpha").getFileName() + " (serves a.txt)", "damaged: 4 bytes, the generation lists 5");
    }

    @Test
    void generationWithADigestThatIsAPath() throws IOException {
        String hex = blob("alpha").getFileName().toString();
        Files.writeString(input.resolve(GENERATION), Files.readString(input.resolve(GENERATION)).replace("sha256:" + hex, "sha256:../../../x"));
        refused(GENERATION, "not a Ferry generation");
    }
}
