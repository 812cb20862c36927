package dev.ferry.testing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Special files and links planted in test inputs, and the check every refusal must pass. FIFOs are
 * remembered so that {@link #releaseFifos()} can unblock a reader an unfixed build left waiting.
 */
public final class Hostile {
    private final List<Path> fifos = new ArrayList<>();

    /** Replaces {@code file} (if present) by a FIFO. */
    public Path fifo(Path file) throws IOException, InterruptedException {
        Files.deleteIfExists(file);
        Files.createDirectories(file.getParent());
        Process p = new ProcessBuilder("mkfifo", file.toString()).inheritIO().start();
        assertEquals(0, p.waitFor(), "mkfifo " + file);
        fifos.add(file);
        return file;
    }

    /** Replaces {@code link} (file or directory tree) by a symbolic link to {@code target}. */
    public static Path link(Path link, Path target) throws IOException {
        deleteTree(link);
        Files.createDirectories(link.getParent());
        return Files.createSymbolicLink(link, target);
    }

    /** Makes {@code file} a sparse file of {@code size} bytes (cheap, however large). */
    public static Path sized(Path file, long size) throws IOException {
        Files.deleteIfExists(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.truncate(0);
            ch.position(size - 1);
            ch.write(java.nio.ByteBuffer.wrap(new byte[]{' '}));
        }
        return file;
    }

    /** Opens every planted FIFO read-write and closes it: a reader blocked on one sees end of file. */
    public void releaseFifos() {
        for (Path f : fifos) {
            if (!Files.exists(f, LinkOption.NOFOLLOW_LINKS)) continue;
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                ch.isOpen();
            } catch (IOException ignored) {
                // best effort: only unblocks a build that should not have opened it
            }
        }
    }

    public static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return;
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (var entries = Files.list(p)) {
                for (Path e : (Iterable<Path>) entries::iterator) deleteTree(e);
            }
        }
        Files.delete(p);
    }

    /** A refusal: non-zero exit, stderr names the entry and the reason, and shows no Java internals. */
    public static void assertRefused(CliRun r, String entry, String reason) {
        assertNotEquals(0, r.exit(), r.both());
        assertTrue(r.err().contains(entry), "stderr names " + entry + "\n" + r.both());
        assertTrue(r.err().contains(reason), "stderr gives the reason '" + reason + "'\n" + r.both());
        assertFalse(r.err().contains("Exception"), "no Java type names\n" + r.both());
        assertFalse(r.err().contains("java."), "no Java type names\n" + r.both());
        assertFalse(r.err().contains("dev.ferry."), "no Java type names\n" + r.both());
        assertFalse(r.err().contains("\tat "), "no stack trace\n" + r.both());
    }
}
