package dev.ferry.spec;

import dev.ferry.importer.Sha256Sums;
import dev.ferry.store.Digest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Fetched files laid out as a directory with its {@code SHA256SUMS}, the tree input {@code ferry import} reads. */
final class ChecksummedTree {
    private final Path root;
    private final Map<String, Digest> sums = new TreeMap<>();

    ChecksummedTree(Path root) {
        this.root = root;
    }

    /** Copies {@code file} (whose sha256 is {@code digest}) to {@code relative} in the tree. */
    void put(String relative, Path file, Digest digest) throws IOException {
        Path target = root.resolve(relative);
        Files.createDirectories(target.getParent());
        Files.copy(file, target);
        synchronized (sums) {
            sums.put(relative, digest);
        }
    }

    /** Writes {@code SHA256SUMS}; returns the tree's directory. */
    Path finish() throws IOException {
        StringBuilder lines = new StringBuilder();
        synchronized (sums) {
            sums.forEach((path, digest) -> lines.append(digest.hex()).append("  ").append(path).append('\n'));
        }
        Files.writeString(root.resolve(Sha256Sums.FILE_NAME), lines);
        return root;
    }
}
