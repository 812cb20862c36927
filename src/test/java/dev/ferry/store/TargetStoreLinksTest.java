package dev.ferry.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files planted inside a store of ours never make it write or delete outside it. */
class TargetStoreLinksTest {
    @TempDir
    Path tmp;

    @Test
    void aLockThatIsALinkIsNotWrittenThrough() throws IOException {
        Path store = tmp.resolve("store");
        Store.create(store);
        Path victim = Files.writeString(tmp.resolve("victim"), "precious\n");
        Files.delete(store.resolve("lock"));
        Files.createSymbolicLink(store.resolve("lock"), victim);
        IOException e = assertThrows(IOException.class, () -> Store.open(store).begin("test").close());
        assertTrue(e.getMessage().contains("lock is a symbolic link"), e.getMessage());
        assertEquals("precious\n", Files.readString(victim));
    }

    @Test
    void aPlanWhoseIdClimbsOutIsRefusedNotReplayed() throws IOException {
        Path store = tmp.resolve("store");
        Store.create(store);
        Path victim = Files.writeString(tmp.resolve("victim.json"), "{}");
        Files.writeString(store.resolve("transactions/x.json"), "{\"transactionId\":\"../../victim\",\"generation\":3,\"newBlobs\":[]}");
        IOException e = assertThrows(IOException.class, () -> Store.open(store));
        assertTrue(e.getMessage().contains("not a transaction plan"), e.getMessage());
        assertTrue(Files.exists(victim), "the file the plan names is still there");
    }

    @Test
    void aMarkerThatIsALinkIsRefused() throws IOException {
        Path store = tmp.resolve("store");
        Store.create(store);
        Path elsewhere = Files.writeString(tmp.resolve("marker"), "ferry.store.v1\n");
        Files.delete(store.resolve("ferry-store"));
        Files.createSymbolicLink(store.resolve("ferry-store"), elsewhere);
        IOException e = assertThrows(IOException.class, () -> Store.open(store));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }

    @Test
    void aStagingDirectoryThatIsALinkIsNotCleanedThrough() throws IOException {
        Path store = tmp.resolve("store");
        Store.create(store);
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere/sub"));
        Files.writeString(elsewhere.resolve("keep.txt"), "keep");
        Files.delete(store.resolve("staging"));
        Files.createSymbolicLink(store.resolve("staging"), elsewhere.getParent());
        IOException e = assertThrows(IOException.class, () -> Store.open(store));
        assertTrue(e.getMessage().contains("staging is a symbolic link"), e.getMessage());
        assertEquals("keep", Files.readString(elsewhere.resolve("keep.txt")));
    }
}
