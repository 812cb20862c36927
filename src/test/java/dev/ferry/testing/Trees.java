package dev.ferry.testing;

import dev.ferry.core.Digest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Builds checksummed input trees for tests: files plus a SHA256SUMS that lists them. */
public final class Trees {
    private Trees() {
    }

    /** Writes {@code files} (relative path → content) under {@code dir} with a matching SHA256SUMS. */
    public static Path tree(Path dir, Map<String, byte[]> files) throws IOException {
        Files.createDirectories(dir);
        StringBuilder sums = new StringBuilder();
        for (Map.Entry<String, byte[]> e : new TreeMap<>(files).entrySet()) {
            Path file = dir.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, e.getValue());
            sums.append(Digest.ofBytes(e.getValue()).hex()).append("  ").append(e.getKey()).append('\n');
        }
        Files.writeString(dir.resolve("SHA256SUMS"), sums.toString(), StandardCharsets.UTF_8);
        return dir;
    }

    public static Map<String, byte[]> files(String... pathsAndContents) {
        Map<String, byte[]> files = new TreeMap<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            files.put(pathsAndContents[i], pathsAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }

    /** Every regular file under {@code root}, relative path → content; to prove a store unchanged byte for byte. */
    public static Map<String, byte[]> snapshot(Path root) throws IOException {
        Map<String, byte[]> all = new TreeMap<>();
        try (var walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p) && !p.getFileName().toString().equals("lock")
                        && !p.getFileName().toString().equals("journal.jsonl")) {
                    all.put(root.relativize(p).toString(), Files.readAllBytes(p));
                }
            }
        }
        return all;
    }
}
