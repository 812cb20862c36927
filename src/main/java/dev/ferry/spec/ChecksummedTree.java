package dev.ferry.spec;

import dev.ferry.importer.ChecksummedTreeInput;
import dev.ferry.importer.ImportInput;
import dev.ferry.importer.ImportOptions;
import dev.ferry.core.Digest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fetched files published under one prefix as the tree input {@code ferry import} reads, each file read
 * from the download cache where it was verified instead of a copy.
 */
final class ChecksummedTree {
    private final String prefix;
    private final Map<String, Path> files = new TreeMap<>();
    private final Map<String, Digest> sums = new TreeMap<>();

    ChecksummedTree(String prefix) {
        this.prefix = prefix;
    }

    /** Publishes {@code file} (whose sha256 is {@code digest}) at {@code relative} in the tree. */
    synchronized void put(String relative, Path file, Digest digest) {
        files.put(relative, file);
        sums.put(relative, digest);
    }

    synchronized ImportInput input() throws IOException {
        return ChecksummedTreeInput.of("fetched files for " + (prefix.isEmpty() ? "/" : prefix + "/"), files, sums,
                dev.ferry.app.FerryFamilies.all().inputKinds().equip(new ImportOptions().prefix(prefix))); // drivers are Falco's
    }
}
