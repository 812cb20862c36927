package dev.ferry.oci;

import dev.ferry.importer.InputFiles;
import dev.ferry.importer.RegularFiles;
import dev.ferry.core.RejectedException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;

/** A layout directory. Any link or special file anywhere in it refuses it (see RegularFiles). */
final class DirectoryLayout implements LayoutSource {
    private final Path root;
    private final Map<String, Long> files;

    private DirectoryLayout(Path root, Map<String, Long> files) {
        this.root = root;
        this.files = Collections.unmodifiableMap(files);
    }

    static DirectoryLayout open(Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        Map<String, Long> files = RegularFiles.scan(root, MAX_ENTRIES);
        return new DirectoryLayout(root, files);
    }

    @Override
    public String describe() {
        return "OCI layout " + root;
    }

    @Override
    public InputStream open(String path) throws IOException {
        Long size = files.get(path);
        if (size == null) throw new RejectedException(path, "missing");
        // bounded to the size seen when the layout was opened: a file that grew since cannot smuggle bytes in
        return new BoundedInputStream(InputFiles.openRegular(root.resolve(path), path), size);
    }

    @Override
    public Map<String, Long> files() {
        return files;
    }

    @Override
    public void close() {
    }
}
