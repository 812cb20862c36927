package dev.ferry.importer;

import dev.ferry.opensearch.PluginInputKind;
import dev.ferry.bundle.BundleInput;
import dev.ferry.core.RejectedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** The input kinds Ferry knows, in detection order (most specific first). */
public final class InputKinds {
    private static final List<InputKind> KINDS = List.of(new BundleInput.Kind(), new dev.ferry.oci.OciLayoutInput.Kind(),
            new StoreInput.Kind(), new ChecksummedTreeInput.Kind(), new PluginInputKind(), new dev.ferry.falco.IndexInput.Kind());

    private InputKinds() {
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

    public static List<InputKind> all() {
        return KINDS;
    }

    private static InputKind byName(String kind) {
        return KINDS.stream().filter(k -> k.name().equals(kind)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown input kind '" + kind + "'; known: "
                        + KINDS.stream().map(InputKind::name).collect(Collectors.joining(", "))));
    }

    /** Opens {@code path} as the named kind, or as the first kind that recognises it when {@code kind} is null. */
    public static ImportInput open(Path path, String kind, ImportOptions options) throws IOException {
        return detect(path, kind).open(path, options);
    }

    /** The kind {@link #open} reads {@code path} as. */
    public static InputKind detect(Path path, String kind) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) throw new IOException(path + ": no such file or directory");
        requireFileOrDirectory(path);
        if (kind != null) return byName(kind);
        // magic bytes that name a kind decide: a damaged .tar.zst is a damaged bundle, and says why
        String committed = MagicBytes.kindOf(path);
        if (committed != null && !committed.equals(MagicBytes.TAR)) return byName(committed);
        for (InputKind k : KINDS) {
            if (k.recognizes(path)) return k;
        }
        if (MagicBytes.TAR.equals(committed)) return byName("bundle"); // the bundle reader names the fault
        throw new IOException(path + ": not an input Ferry can import; expected one of: "
                + KINDS.stream().map(k -> k.name() + " (" + k.description() + ")").collect(Collectors.joining("; ")));
    }
}
