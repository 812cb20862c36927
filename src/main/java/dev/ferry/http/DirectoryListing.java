package dev.ferry.http;

import dev.ferry.store.FileEntry;
import dev.ferry.store.Generation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * The immediate children of one directory of the catalog: path prefixes act as directories,
 * nothing else does, so a listing can only ever name what the generation publishes.
 *
 * @param directory the directory's catalog path without slashes, "" for the root
 */
record DirectoryListing(String directory, long generation, List<Child> children) {

    /** A file (with its entry) or a subdirectory (entry null). */
    record Child(String name, FileEntry file) {
        boolean isDirectory() {
            return file == null;
        }
    }

    /** The listing of {@code directory}, or empty when no published path lies under it (the root always exists). */
    static Optional<DirectoryListing> of(Generation generation, String directory) {
        String prefix = directory.isEmpty() ? "" : directory + "/";
        NavigableMap<String, FileEntry> files = generation.files();
        List<Child> children = new ArrayList<>();
        String key = files.ceilingKey(prefix);
        while (key != null && key.startsWith(prefix)) {
            String rest = key.substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash < 0) {
                children.add(new Child(rest, files.get(key)));
                key = files.higherKey(key);
            } else {
                String sub = rest.substring(0, slash);
                children.add(new Child(sub, null));
                // every path under "<sub>/" sorts before "<sub>0" ('0' follows '/'): skip the whole subtree at once
                key = files.ceilingKey(prefix + sub + "0");
            }
        }
        if (children.isEmpty() && !directory.isEmpty()) return Optional.empty();
        children.sort(Comparator.comparing(Child::isDirectory).reversed().thenComparing(Child::name));
        return Optional.of(new DirectoryListing(directory, generation.number(), children));
    }

    /** Whether {@code path} is a directory of the catalog (some published path lies under it). */
    static boolean exists(Generation generation, String path) {
        String prefix = path + "/";
        String key = generation.files().ceilingKey(prefix);
        return key != null && key.startsWith(prefix);
    }

    /** The directory as a URL path, "/" for the root and "/a/b/" otherwise (decoded, for display). */
    String displayPath() {
        return directory.isEmpty() ? "/" : "/" + directory + "/";
    }
}
