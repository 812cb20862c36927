package dev.ferry.importer;

import dev.ferry.core.RejectedException;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Lists an input directory's files, refusing links and special files anywhere in it, and regular
 * files hard-linked to a name outside it (see {@link HardLinks}): nothing outside is ever read.
 */
public final class RegularFiles {
    private RegularFiles() {
    }

    /** Relative '/'-joined path → size of every regular file under {@code root}; more than {@code max} refuses it. */
    public static Map<String, Long> scan(Path root, int max) throws IOException {
        return scan(root, max, Set.of());
    }

    /**
     * As {@link #scan(Path, int)}, but the directories named in {@code notEntered} (relative paths)
     * are only checked to be directories, not walked: the caller never reads anything in them.
     */
    public static Map<String, Long> scan(Path root, int max, Set<String> notEntered) throws IOException {
        Map<String, Long> files = new TreeMap<>();
        HardLinks hardLinks = new HardLinks();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.equals(root)) return FileVisitResult.CONTINUE;
                if (attrs.isSymbolicLink()) throw new RejectedException(relative(dir), "symbolic link");
                return notEntered.contains(relative(dir)) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String name = relative(file);
                if (attrs.isSymbolicLink()) throw new RejectedException(name, "symbolic link");
                if (!attrs.isRegularFile()) throw new RejectedException(name, "not a regular file (a FIFO, device or socket)");
                if (files.size() >= max) throw new RejectedException(name, "more than " + max + " files");
                hardLinks.note(file, name);
                files.put(name, attrs.size());
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                throw new RejectedException(relative(file), "unreadable: " + exc.getMessage());
            }

            private String relative(Path p) {
                return root.relativize(p).toString().replace(java.io.File.separatorChar, '/');
            }
        });
        hardLinks.check();
        return files;
    }
}
