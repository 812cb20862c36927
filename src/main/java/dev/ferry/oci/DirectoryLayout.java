package dev.ferry.oci;

import dev.ferry.store.RejectedException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collections;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/** A layout directory. Any link or special file anywhere in it refuses it: nothing outside is ever read. */
final class DirectoryLayout implements LayoutSource {
    private final Path root;
    private final Map<String, Long> files;

    private DirectoryLayout(Path root, Map<String, Long> files) {
        this.root = root;
        this.files = Collections.unmodifiableMap(files);
    }

    static DirectoryLayout open(Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        Map<String, Long> files = new TreeMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                if (!d.equals(root) && attrs.isSymbolicLink()) throw new RejectedException(relative(d), "symbolic link");
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String name = relative(file);
                if (attrs.isSymbolicLink()) throw new RejectedException(name, "symbolic link");
                if (!attrs.isRegularFile()) throw new RejectedException(name, "not a regular file");
                if (files.size() >= MAX_ENTRIES) throw new RejectedException(name, "more than " + MAX_ENTRIES + " files");
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
        return new DirectoryLayout(root, files);
    }

    @Override
    public String describe() {
        return "OCI layout " + root;
    }

    @Override
    public OptionalLong size(String path) {
        Long size = files.get(path);
        return size == null ? OptionalLong.empty() : OptionalLong.of(size);
    }

    @Override
    public InputStream open(String path) throws IOException {
        Long size = files.get(path);
        if (size == null) throw new RejectedException(path, "missing");
        // bounded to the size seen when the layout was opened: a file that grew since cannot smuggle bytes in
        return new BoundedInputStream(Files.newInputStream(root.resolve(path), StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS), size);
    }

    @Override
    public Map<String, Long> files() {
        return files;
    }

    @Override
    public void close() {
    }
}
