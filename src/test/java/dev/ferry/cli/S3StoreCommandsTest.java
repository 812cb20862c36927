package dev.ferry.cli;

import dev.ferry.testing.CliRun;
import dev.ferry.testing.S3ProxyServer;
import dev.ferry.testing.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store commands with the store in a bucket (S3Proxy), configured as an operator would. */
class S3StoreCommandsTest {
    static final S3ProxyServer s3 = S3ProxyServer.shared();

    @TempDir
    Path dir;


    /** A config file naming {@code bucket}, and the local state directory. */
    private String[] store(String bucket) throws IOException {
        Path config = dir.resolve("ferry-" + bucket + ".yaml");
        Files.writeString(config, """
                store:
                  path: %s
                  backend: s3
                  s3:
                    endpoint: %s
                    bucket: %s
                    prefix: ferry/
                """.formatted(dir.resolve("state-" + bucket), s3.endpoint(), bucket));
        return new String[]{"--config", config.toString()};
    }

    private static CliRun ferry(String[] store, String... args) {
        String[] all = new String[args.length + store.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(store, 0, all, args.length, store.length);
        return CliRun.ferry(all);
    }

    private static CliRun ok(String[] store, String... args) {
        CliRun run = ferry(store, args);
        assertEquals(0, run.exit(), String.join(" ", args) + ": " + run.both());
        return run;
    }

    @Test
    void initImportStatusRollbackVerifyAndGc() throws IOException {
        String bucket = s3.createBucket();
        String[] store = store(bucket);
        assertTrue(ok(store, "init").out().contains("created an empty store at s3://" + bucket + "/ferry/"));
        assertTrue(s3.exists(bucket, "ferry/ferry-store"));
        assertTrue(ok(store, "init").out().contains("already a Ferry store: s3://" + bucket + "/ferry/ (generation 0)"));

        Path first = Trees.tree(dir.resolve("first"), Trees.files("docs/a.txt", "first a", "docs/b.txt", "first b"));
        Path second = Trees.tree(dir.resolve("second"), Trees.files("docs/a.txt", "second a"));
        ok(store, "import", first.toString());
        ok(store, "import", second.toString());
        assertTrue(s3.keys(bucket, "ferry/generations/").size() == 2, s3.keys(bucket, "ferry/").toString());

        CliRun status = ok(store, "status");
        assertTrue(status.out().contains("s3://" + bucket + "/ferry/"), status.out());
        String json = ok(store, "status", "--output", "json").out();
        assertTrue(json.matches("(?s).*\"generation\" ?: ?2\\b.*"), json);

        ok(store, "rollback");
        json = ok(store, "status", "--output", "json").out();
        assertTrue(json.matches("(?s).*\"generation\" ?: ?1\\b.*"), json);

        assertEquals(0, ferry(store, "verify").exit());
        String damaged = s3.keys(bucket, "ferry/blobs/sha256/").get(0);
        s3.putObject(bucket, damaged, "not what was imported".getBytes(StandardCharsets.UTF_8));
        CliRun verify = ferry(store, "verify");
        assertNotEquals(0, verify.exit(), verify.both());
        assertTrue(verify.both().contains(damaged.substring(damaged.lastIndexOf('/') + 1)), verify.both());
        assertFalse(s3.exists(bucket, damaged));
        assertTrue(s3.exists(bucket, damaged.replace("ferry/blobs/", "ferry/quarantine/")));
        ok(store, "repair", "--from", first.toString());
        ok(store, "repair", "--from", second.toString());
        byte[] restored = s3.getObject(bucket, damaged);
        assertEquals(damaged.substring(damaged.lastIndexOf('/') + 1), dev.ferry.core.Digest.ofBytes(restored).hex(), "restored from the verified input");
        CliRun clean = ferry(store, "verify");
        assertEquals(0, clean.exit(), clean.both());

        ok(store, "import", Trees.tree(dir.resolve("third"), Trees.files("docs/a.txt", "third a")).toString());
        CliRun gc = ok(store, "gc", "--keep", "1");
        assertTrue(gc.out().contains("deleted 2 generations and 0 blobs"), gc.out());
        assertTrue(gc.out().contains("left 2 unreferenced blobs younger than store.s3.gcGrace"), gc.out());
        assertEquals(List.of("ferry/generations/00000000000000000003.json"), s3.keys(bucket, "ferry/generations/"));
    }

    @Test
    void bundleVerifyChecksReplayAgainstAStoreInABucket() throws IOException {
        String bucket = s3.createBucket();
        String[] store = store(bucket);
        dev.ferry.testing.BundleFixture fx = new dev.ferry.testing.BundleFixture(dir.resolve("fx"));
        java.time.Instant now = java.time.Instant.now();
        Path older = Files.write(dir.resolve("older.tar"), fx.bundle(dev.ferry.testing.BundleFixture.spec().file("a.txt", "old")
                .created(now.minusSeconds(3600))));
        Path imported = Files.write(dir.resolve("imported.tar"), fx.bundle(dev.ferry.testing.BundleFixture.spec().file("a.txt", "a")
                .created(now.minusSeconds(600))));
        Path newer = Files.write(dir.resolve("newer.tar"), fx.bundle(dev.ferry.testing.BundleFixture.spec().file("a.txt", "new")
                .created(now.minusSeconds(60))));
        ok(store, "import", "--create", "--trust", fx.trustDir.toString(), imported.toString());
        String state = dir.resolve("state-" + bucket).toString();
        CliRun replay = ferry(store, "bundle", "verify", "--trust", fx.trustDir.toString(), "--store", state, older.toString());
        assertNotEquals(0, replay.exit(), replay.both());
        assertTrue(replay.err().contains("replay or downgrade refused: channel 'main' already imported bundle"), replay.both());
        CliRun fresh = ok(store, "bundle", "verify", "--trust", fx.trustDir.toString(), "--store", state, newer.toString());
        assertTrue(fresh.out().contains("acceptable to store " + state), fresh.out());
    }

    @Test
    void aBucketWithoutAStoreIsRefusedAndImportCreateMakesOne() throws IOException {
        String bucket = s3.createBucket();
        String[] store = store(bucket);
        Path tree = Trees.tree(dir.resolve("tree"), Trees.files("a.txt", "a"));
        for (String[] command : new String[][]{{"status"}, {"import", tree.toString()}, {"verify"}, {"gc"}, {"rollback"}}) {
            CliRun run = ferry(store, command);
            assertNotEquals(0, run.exit(), run.both());
            assertTrue(run.err().contains("s3://" + bucket + "/ferry/ is not a Ferry store (no ferry/ferry-store object)"), run.err());
        }
        assertTrue(s3.keys(bucket, "").isEmpty(), "nothing was created: " + s3.keys(bucket, ""));
        ok(store, "import", "--create", tree.toString());
        assertTrue(s3.exists(bucket, "ferry/ferry-store"));
        assertEquals(1, s3.keys(bucket, "ferry/current/").size());
    }
}
