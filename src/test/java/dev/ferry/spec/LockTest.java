package dev.ferry.spec;

import dev.ferry.bundle.InventoryFile;
import dev.ferry.core.Digest;
import dev.ferry.store.FileEntry;
import dev.ferry.store.Generation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LockTest {
    @TempDir
    Path dir;

    static PlannedArtifact artifact(String key, String upstream, String digest) {
        return new PlannedArtifact(key, "oci", upstream, digest, 1, "r:1", List.of("oci-digest"), PlannedArtifact.Status.FETCH, null);
    }

    @Test
    void theSameContentGivesTheSameBytesWhateverTheOrder() throws Exception {
        Map<String, Lock.Entry> a = new LinkedHashMap<>();
        a.put("b", new Lock.Entry("u2", "sha256:" + "2".repeat(64), null, 2));
        a.put("a", new Lock.Entry("u1", null, "sha256:" + "1".repeat(64), 1));
        Map<String, Lock.Entry> b = new LinkedHashMap<>();
        b.put("a", a.get("a"));
        b.put("b", a.get("b"));
        Lock.of(a).write(dir.resolve("one.lock"));
        Lock.of(b).write(dir.resolve("two.lock"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("one.lock")), Files.readAllBytes(dir.resolve("two.lock")));
        assertEquals(Lock.of(a), Lock.read(dir.resolve("one.lock")));
    }

    @Test
    void driftNamesTheArtifactAndWhatChanged() {
        String d1 = "sha256:" + "1".repeat(64);
        Lock lock = Lock.of(Map.of("trivy db", new Lock.Entry("ghcr.io/x:2", d1, null, 1)));
        assertNull(lock.drift(new Plan(List.of(artifact("trivy db", "ghcr.io/x:2", d1)), List.of())));
        String moved = lock.drift(new Plan(List.of(artifact("trivy db", "ghcr.io/x:2", "sha256:" + "3".repeat(64))), List.of()));
        assertTrue(moved.contains("trivy db") && moved.contains("upstream now resolves to"), moved);
        String other = lock.drift(new Plan(List.of(artifact("trivy db", "mirror/x:2", d1)), List.of()));
        assertTrue(other.contains("locked from ghcr.io/x:2"), other);
        String added = lock.drift(new Plan(List.of(artifact("oci y", "y:1", d1)), List.of()));
        assertTrue(added.contains("oci y: named by the spec but not in the lock"), added);
    }

    @Test
    void anInventoryWhoseCatalogWasEditedIsRefused() throws Exception {
        Generation g = new Generation(3, 2, Instant.parse("2026-12-04T10:00:00Z"), "test",
                Map.of("a.txt", new FileEntry(Digest.ofBytes(new byte[1]), 1, "text/plain", "file", Instant.parse("2026-12-04T10:00:00Z"), Map.of())));
        Path file = dir.resolve("inventory.json");
        InventoryFile.of(g, List.of(), List.of(), Instant.parse("2026-12-04T11:00:00Z")).write(file);
        assertEquals(g.files(), InventoryFile.read(file).catalog().files());
        Files.writeString(file, Files.readString(file).replace("\"size\" : 1", "\"size\" : 2"));
        IOException e = assertThrows(IOException.class, () -> InventoryFile.read(file));
        assertTrue(e.getMessage().contains("does not match its inventory digest"), e.getMessage());
    }
}
