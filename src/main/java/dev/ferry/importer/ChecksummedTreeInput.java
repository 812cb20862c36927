package dev.ferry.importer;

import dev.ferry.store.CatalogPath;
import dev.ferry.core.Digest;
import dev.ferry.core.RejectedException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A directory tree with a {@code SHA256SUMS} file at its top. Every regular file must be listed
 * and every listed file must exist and match; links, devices and unlisted files refuse the
 * whole input. The shape is checked, and every file claimed by its family (which may refuse it
 * by its name), before any byte is read.
 */
public final class ChecksummedTreeInput implements ImportInput {
    private final String description;
    private final Map<String, Path> files;
    private final ImportOptions options;
    private final Map<String, Digest> sums;
    private final Map<String, Long> sizes;
    private final Map<String, FileClassifier.Classification> classifications;

    private ChecksummedTreeInput(String description, Map<String, Path> files, ImportOptions options, Map<String, Digest> sums,
                                 Map<String, Long> sizes, Map<String, FileClassifier.Classification> classifications) {
        this.description = description;
        this.files = files;
        this.options = options;
        this.sums = sums;
        this.sizes = sizes;
        this.classifications = classifications;
    }

    public static ChecksummedTreeInput open(Path dir, ImportOptions options) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) throw new RejectedException(dir.toString(), "not a directory");
        Path sumsFile = root.resolve(Sha256Sums.FILE_NAME);
        if (!Files.exists(sumsFile, LinkOption.NOFOLLOW_LINKS)) {
            throw new RejectedException(dir.toString(), "no " + Sha256Sums.FILE_NAME + " file");
        }
        Map<String, Digest> sums;
        try (InputStream in = InputFiles.openCapped(sumsFile, Sha256Sums.FILE_NAME, Sha256Sums.MAX_BYTES)) {
            sums = Sha256Sums.parse(in, Sha256Sums.FILE_NAME);
        }
        for (String name : sums.keySet()) {
            String problem = CatalogPath.problem(name);
            if (problem != null) throw new RejectedException(name, "listed in " + Sha256Sums.FILE_NAME + " with an unsafe path: " + problem);
            CatalogPath.of(options.prefix(), name);
        }
        Map<String, Long> sizes = scan(root);
        for (String present : sizes.keySet()) {
            if (!sums.containsKey(present)) throw new RejectedException(present, "present but not listed in " + Sha256Sums.FILE_NAME);
        }
        for (String listed : sums.keySet()) {
            if (!sizes.containsKey(listed)) throw new RejectedException(listed, "listed in " + Sha256Sums.FILE_NAME + " but missing");
        }
        Map<String, Path> files = new TreeMap<>();
        for (String name : sums.keySet()) files.put(name, root.resolve(name));
        return new ChecksummedTreeInput("directory " + root, files, options, sums, sizes, classify(sums, options));
    }

    /**
     * The same tree without the directory: each file where it already is (fetched files in the download cache,
     * their digests measured on fetch), so nothing is copied to make the input.
     */
    public static ChecksummedTreeInput of(String description, Map<String, Path> files, Map<String, Digest> sums,
                                          ImportOptions options) throws IOException {
        Map<String, Long> sizes = new TreeMap<>();
        for (String name : sums.keySet()) {
            String problem = CatalogPath.problem(name);
            if (problem != null) throw new RejectedException(name, "unsafe path: " + problem);
            Path file = files.get(name);
            if (file == null) throw new RejectedException(name, "listed but missing");
            sizes.put(name, InputFiles.requireRegular(file, name).size());
        }
        return new ChecksummedTreeInput(description, Map.copyOf(files), options, Map.copyOf(sums), sizes, classify(sums, options));
    }

    /** Regular files under root (relative '/'-joined path → size), refusing anything else. */
    private static Map<String, Long> scan(Path root) throws IOException {
        Map<String, Long> files = RegularFiles.scan(root, Integer.MAX_VALUE);
        files.remove(Sha256Sums.FILE_NAME);
        return files;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void stage(ImportSink sink) throws IOException {
        if (options.replace()) sink.removeUnder(options.prefix());
        for (Map.Entry<String, Digest> e : new TreeMap<>(sums).entrySet()) {
            String name = e.getKey();
            Path file = files.get(name);
            long size = sizes.get(name);
            Digest digest = sink.putBlob(name, () -> InputFiles.openRegular(file, name),
                    e.getValue(), size);
            FileClassifier.Classification c = classifications.get(name);
            for (CatalogPath path : publishedAt(name, c)) {
                sink.putFile(path, digest, size, c.mediaType(), c.family(), c.metadata());
            }
        }
    }

    private List<CatalogPath> publishedAt(String name, FileClassifier.Classification c) {
        List<CatalogPath> paths = new ArrayList<>();
        paths.add(CatalogPath.of(options.prefix(), name));
        for (String also : c.alsoAt()) paths.add(CatalogPath.of(also));
        return paths;
    }

    /** Lets the families claim every file, and refuses two files that would be published at one path with different content. */
    private static Map<String, FileClassifier.Classification> classify(Map<String, Digest> sums, ImportOptions options)
            throws RejectedException {
        Map<String, FileClassifier.Classification> classified = new TreeMap<>();
        Map<String, String> publishedBy = new TreeMap<>(); // catalog path → the tree file published there
        for (Map.Entry<String, Digest> e : new TreeMap<>(sums).entrySet()) {
            String name = e.getKey();
            CatalogPath path = CatalogPath.of(options.prefix(), name);
            FileClassifier.Classification c = FileClassifiers.of(options).classify(path.value(), options);
            classified.put(name, c);
            List<String> paths = new ArrayList<>();
            paths.add(path.value());
            paths.addAll(c.alsoAt());
            for (String p : paths) {
                String other = publishedBy.putIfAbsent(p, name);
                if (other != null && !other.equals(name) && !sums.get(other).equals(e.getValue())) {
                    throw new RejectedException(name, "would be published at " + p + ", where " + other + " (different content) is published too");
                }
            }
        }
        return classified;
    }

    /** Recognises a directory with a SHA256SUMS file. */
    public static final class Kind implements InputKind {
        @Override
        public String name() {
            return "tree";
        }

        @Override
        public String description() {
            return "a directory with a " + Sha256Sums.FILE_NAME + " file";
        }

        @Override
        public boolean recognizes(Path path) {
            return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) && Files.exists(path.resolve(Sha256Sums.FILE_NAME), LinkOption.NOFOLLOW_LINKS);
        }

        @Override
        public ImportInput open(Path path, ImportOptions options) throws IOException {
            return ChecksummedTreeInput.open(path, options);
        }
    }
}
