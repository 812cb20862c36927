package dev.ferry.oci;

import dev.ferry.core.RejectedException;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The files of an OCI image layout, by '/'-separated path relative to the layout root. Opening one
 * checks every entry: links, devices, traversal and duplicate names refuse the whole layout.
 */
public interface LayoutSource extends Closeable {
    /** More entries than this refuse the layout (a layout of a few images has dozens). */
    int MAX_ENTRIES = 200_000;

    String describe();

    /** Size of the regular file at {@code path}, or empty when there is none. */
    default OptionalLong size(String path) {
        Long size = files().get(path);
        return size == null ? OptionalLong.empty() : OptionalLong.of(size);
    }

    /** Opens a regular file; the stream ends after exactly the size {@link #size} reported. */
    InputStream open(String path) throws IOException;

    /** Every regular file: path → size. */
    Map<String, Long> files();

    /** Opens a layout directory, or a tar file holding one. */
    static LayoutSource open(Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) return DirectoryLayout.open(path);
        if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) return TarLayout.open(path);
        throw new RejectedException(path.toString(), "neither a directory nor a regular file (a link does not count)");
    }

    /** Reads a whole small file, refusing it when larger than {@code limit}. */
    default byte[] readSmall(String path, long limit, String what) throws IOException {
        OptionalLong size = size(path);
        if (size.isEmpty()) throw new RejectedException(path, what + " is missing");
        if (size.getAsLong() > limit) {
            throw new RejectedException(path, what + " is " + size.getAsLong() + " bytes, more than the limit of " + limit);
        }
        try (InputStream in = open(path)) {
            byte[] bytes = in.readNBytes((int) size.getAsLong());
            if (bytes.length != size.getAsLong() || in.read() >= 0) throw new RejectedException(path, "changed while read");
            return bytes;
        }
    }
}
