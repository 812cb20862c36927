package dev.ferry.importer;

import dev.ferry.core.RejectedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The input kinds the families contribute, in detection order (most specific first), and the
 * classifiers every input opened through here is given.
 */
public final class InputKinds {
    private final List<InputKind> kinds;
    private final FileClassifiers files;
    private final ManifestClassifiers manifests;

    public InputKinds(List<InputKind> kinds, FileClassifiers files, ManifestClassifiers manifests) {
        this.kinds = List.copyOf(kinds);
        this.files = files;
        this.manifests = manifests;
    }

    /** An input is a regular file or a directory itself: a link is not followed, a FIFO or device never opened. */
    private static void requireFileOrDirectory(Path path) throws IOException {
        if (Files.isSymbolicLink(path)) {
            throw new RejectedException(path.toString(), "symbolic link (links in inputs are never followed; give the real path)");
        }
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new RejectedException(path.toString(), "not a regular file or directory (a FIFO, device or socket)");
        }
    }

    public List<InputKind> all() {
        return kinds;
    }

    /** A copy of {@code options} that carries the families' classifiers, for inputs opened without {@link #open}. */
    public ImportOptions equip(ImportOptions options) {
        return options.copy().with(FileClassifiers.class, files).with(ManifestClassifiers.class, manifests);
    }

    private InputKind byName(String kind) {
        return kinds.stream().filter(k -> k.name().equals(kind)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown input kind '" + kind + "'; known: "
                        + kinds.stream().map(InputKind::name).collect(Collectors.joining(", "))));
    }

    /** Opens {@code path} as the named kind, or as the first kind that recognises it when {@code kind} is null. */
    public ImportInput open(Path path, String kind, ImportOptions options) throws IOException {
        return detect(path, kind).open(path, equip(options));
    }

    /** The kind {@link #open} reads {@code path} as. */
    public InputKind detect(Path path, String kind) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) throw new IOException(path + ": no such file or directory");
        requireFileOrDirectory(path);
        if (kind != null) return byName(kind);
        // magic bytes that name a kind decide: a damaged .tar.zst is a damaged bundle, and says why
        String committed = MagicBytes.kindOf(path);
        if (committed != null && !committed.equals(MagicBytes.TAR)) return byName(committed);
        for (InputKind k : kinds) {
            if (k.recognizes(path)) return k;
        }
        if (MagicBytes.TAR.equals(committed)) return byName("bundle"); // the bundle reader names the fault
        throw new IOException(path + ": not an input Ferry can import; expected one of: "
                + kinds.stream().map(k -> k.name() + " (" + k.description() + ")").collect(Collectors.joining("; ")));
    }
}
