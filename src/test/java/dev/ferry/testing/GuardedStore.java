package dev.ferry.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proof that a refused input changed nothing: every file of the target store (names, kinds and
 * bytes; the lock's content aside, the journal only appended to) and canary files planted next to
 * the store and inside the input, compared before and after.
 */
public final class GuardedStore {
    private final Path store;
    private final Map<String, Node> before;
    private final byte[] journalBefore;
    private final List<Canary> canaries = new ArrayList<>();

    private record Node(String kind, byte[] content) {
    }

    private record Canary(Path file, byte[] content, FileTime modified) {
    }

    private GuardedStore(Path store) throws IOException {
        this.store = store;
        this.before = nodes(store);
        this.journalBefore = journal(store);
    }

    /** Records the store as it is now and plants a canary beside it. */
    public static GuardedStore around(Path store) throws IOException {
        GuardedStore g = new GuardedStore(store);
        g.canary(store.resolveSibling(store.getFileName() + "-neighbour.json"));
        return g;
    }

    /** Plants a canary file (created, or taken as it is when it exists) that no import may change or remove. */
    public Path canary(Path file) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, "canary " + UUID.randomUUID() + "\n", StandardCharsets.UTF_8);
        }
        canaries.add(new Canary(file, Files.readAllBytes(file), Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS)));
        return file;
    }

    public void assertUntouched(String what) throws IOException {
        Map<String, Node> after = nodes(store);
        assertEquals(before.keySet(), after.keySet(), what + ": the files of the store");
        before.forEach((name, node) -> {
            Node now = after.get(name);
            assertEquals(node.kind(), now.kind(), what + ": kind of " + name);
            assertArrayEquals(node.content(), now.content(), what + ": content of " + name);
        });
        byte[] journal = journal(store);
        assertTrue(journal.length >= journalBefore.length, what + ": the journal shrank");
        for (int i = 0; i < journalBefore.length; i++) {
            if (journal[i] != journalBefore[i]) throw new AssertionError(what + ": the journal was rewritten at byte " + i);
        }
        for (Canary c : canaries) {
            assertTrue(Files.isRegularFile(c.file(), LinkOption.NOFOLLOW_LINKS), what + ": canary " + c.file() + " is gone");
            assertArrayEquals(c.content(), Files.readAllBytes(c.file()), what + ": canary " + c.file() + " changed");
            assertEquals(c.modified(), Files.getLastModifiedTime(c.file(), LinkOption.NOFOLLOW_LINKS),
                    what + ": canary " + c.file() + " was written");
        }
    }

    private static byte[] journal(Path store) throws IOException {
        Path j = store.resolve("journal.jsonl");
        return Files.exists(j) ? Files.readAllBytes(j) : new byte[0];
    }

    /** Every entry under the store (links and special files too), relative path → kind and content. */
    private static Map<String, Node> nodes(Path root) throws IOException {
        Map<String, Node> all = new TreeMap<>();
        try (var walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String name = root.relativize(p).toString();
                if (name.equals("journal.jsonl")) continue;
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isSymbolicLink()) {
                    all.put(name, new Node("link", Files.readSymbolicLink(p).toString().getBytes(StandardCharsets.UTF_8)));
                } else if (a.isDirectory()) {
                    all.put(name, new Node("directory", new byte[0]));
                } else if (a.isRegularFile()) {
                    all.put(name, new Node("file", name.equals("lock") ? new byte[0] : Files.readAllBytes(p)));
                } else {
                    all.put(name, new Node("other", new byte[0]));
                }
            }
        }
        return all;
    }
}
