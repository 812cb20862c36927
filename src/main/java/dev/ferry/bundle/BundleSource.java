package dev.ferry.bundle;

import dev.ferry.importer.InputFiles;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Where a bundle's bytes come from: one file, the parts of a split bundle (found from the index or
 * the first part), or a stream such as an HTTP upload. Each source is read once. Afterwards
 * {@link #details()} tells the journal what was read: bytes, and each part's digest.
 * <p>
 * The whole file is deliberately not hashed: the signed manifest's digest already identifies every
 * byte of content, and a second SHA-256 pass would cost a core's worth of import throughput.
 */
public final class BundleSource {
    private final String description;
    private final Opener opener;
    private final Map<String, String> details = new TreeMap<>();
    private long bytesRead;

    @FunctionalInterface
    private interface Opener {
        InputStream open() throws IOException;
    }

    private BundleSource(String description, Opener opener) {
        this.description = description;
        this.opener = opener;
    }

    /**
     * A bundle file, a split bundle's index, or its first part. A split bundle's index and the
     * presence and size of its parts are checked when it is opened, so that the refusal is part of
     * the (journaled) import attempt.
     */
    public static BundleSource of(Path path) throws IOException {
        String name = path.getFileName().toString();
        InputFiles.requireRegular(path, name);
        Optional<Path> indexFile = SplitBundle.indexFor(path);
        if (indexFile.isEmpty()) return new BundleSource("bundle " + path, () -> InputFiles.openRegular(path, name));
        String indexName = indexFile.get().getFileName().toString();
        Path bundle = indexFile.get().resolveSibling(indexName.substring(0, indexName.length() - SplitBundle.INDEX_SUFFIX.length()));
        BundleSource[] self = new BundleSource[1];
        self[0] = new BundleSource("bundle " + bundle + " (split)", () -> {
            SplitBundle.Index index = SplitBundle.readIndex(indexFile.get());
            self[0].details.put("parts", index.parts().stream().map(p -> p.name() + "=" + p.digest().hex())
                    .collect(Collectors.joining(" ")));
            return SplitBundle.open(indexFile.get(), index);
        });
        return self[0];
    }

    /** A bundle arriving as a stream (e.g. an upload); {@code description} names it in the journal. The caller closes it. */
    public static BundleSource of(InputStream in, String description) {
        return new BundleSource(description, () -> new FilterInputStream(in) {
            @Override
            public void close() {
                // the caller owns the stream
            }
        });
    }

    public InputStream open() throws IOException {
        return new FilterInputStream(opener.open()) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) bytesRead++;
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) bytesRead += n;
                return n;
            }
        };
    }

    public String describe() {
        return description;
    }

    /** bundleBytes (bytes read from the source, compressed) and, for a split bundle, each part's name and digest. */
    public Map<String, String> details() {
        Map<String, String> d = new TreeMap<>(details);
        d.put("bundleBytes", Long.toString(bytesRead));
        return d;
    }
}
