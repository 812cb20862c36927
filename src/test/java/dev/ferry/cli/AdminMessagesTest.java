package dev.ferry.cli;

import dev.ferry.testing.BundleFixture;
import dev.ferry.testing.CliRun;
import dev.ferry.testing.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Messages an admin can act on: each names what to change, not what went wrong inside. */
class AdminMessagesTest {
    @TempDir
    Path dir;

    @Test
    void aSignedBundleWithoutTrustedKeysSaysHowToConfigureThem() throws IOException {
        BundleFixture fx = new BundleFixture(dir);
        Path bundle = Files.write(dir.resolve("b.tar"), fx.bundle(BundleFixture.spec().file("a.txt", "a")));
        CliRun run = CliRun.ferry("import", "--create", "--store", dir.resolve("store").toString(), bundle.toString());
        assertNotEquals(0, run.exit());
        assertTrue(run.err().contains("no trusted keys configured: pass --trust DIR or set bundles.trust"), run.err());
    }

    @Test
    @Timeout(60)
    void aBusyPortIsNamedWithItsHost() throws IOException {
        Path store = dir.resolve("store");
        assertEquals(0, CliRun.ferry("import", "--create", "--store", store.toString(),
                Trees.tree(dir.resolve("t"), Trees.files("a.txt", "a")).toString()).exit());
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun run = CliRun.ferry("serve", "--store", store.toString(), "--host", "127.0.0.1", "--port",
                    Integer.toString(busy.getLocalPort()));
            assertNotEquals(0, run.exit());
            assertTrue(run.err().contains("cannot listen on http://127.0.0.1:" + busy.getLocalPort()), run.err());
            assertTrue(!run.err().contains("Exception"), run.err());
        }
    }

    @Test
    void aRefusalWhileTheInputIsOpenedIsJournaledLikeAnyFailedImport() throws IOException {
        Path store = dir.resolve("store");
        assertEquals(0, CliRun.ferry("import", "--create", "--store", store.toString(),
                Trees.tree(dir.resolve("good"), Trees.files("a.txt", "a")).toString()).exit());
        Path tree = Trees.tree(dir.resolve("bad"), Trees.files("b.txt", "b"));
        Files.writeString(tree.resolve("unlisted.txt"), "not in SHA256SUMS");
        CliRun refused = CliRun.ferry("import", "--store", store.toString(), tree.toString());
        assertNotEquals(0, refused.exit());
        var last = dev.ferry.store.Store.open(store).journal().tail(1).get(0);
        assertEquals(dev.ferry.store.JournalEntry.FAILURE, last.result(), "the last attempt failed: alerts and status see it");
        assertTrue(last.source().contains(tree.toString()) && last.reason().contains("present but not listed"), last.toString());
    }
}
