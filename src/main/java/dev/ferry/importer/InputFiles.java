package dev.ferry.importer;

import dev.ferry.core.RejectedException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The one way Ferry opens a file it reads as input (bundles, indexes, layouts, plugins, trees,
 * another store). The file is looked at without following links and must be a regular file before
 * it is opened: opening a FIFO would block forever, a link could lead anywhere (/dev/zero, the
 * target store). It is then opened without following links. Metadata is read with a size cap.
 */
public final class InputFiles {
    private InputFiles() {
    }

    /** The file's attributes, or a refusal naming {@code entry} when it is missing, a link or not a regular file. */
    public static BasicFileAttributes requireRegular(Path file, String entry) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new RejectedException(entry, "missing");
        }
        if (a.isSymbolicLink()) throw new RejectedException(entry, "symbolic link (links in inputs are never followed)");
        if (a.isDirectory()) throw new RejectedException(entry, "a directory, not a regular file");
        if (!a.isRegularFile()) throw new RejectedException(entry, "not a regular file (a FIFO, device or socket)");
        return a;
    }

    /** Refuses {@code dir} unless it is a directory itself (a link to one does not count). */
    public static void requireDirectory(Path dir, String entry) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new RejectedException(entry, "missing");
        }
        if (a.isSymbolicLink()) throw new RejectedException(entry, "symbolic link (links in inputs are never followed)");
        if (!a.isDirectory()) throw new RejectedException(entry, "not a directory");
    }

    /** A payload file as a stream (not read into memory). */
    public static InputStream openRegular(Path file, String entry) throws IOException {
        requireRegular(file, entry);
        return Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    /** A payload file with random access (tar, zip). */
    public static FileChannel openChannel(Path file, String entry) throws IOException {
        requireRegular(file, entry);
        return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    /** A whole metadata file, refused when larger than {@code cap} bytes; at most cap+1 bytes are ever read. */
    public static byte[] readSmall(Path file, String entry, int cap) throws IOException {
        if (requireRegular(file, entry).size() > cap) throw tooLarge(entry, cap);
        try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes(cap + 1);
            if (bytes.length > cap) throw tooLarge(entry, cap); // it grew since it was looked at
            return bytes;
        }
    }

    /** A metadata file read as a stream (line by line), refused once more than {@code cap} bytes come out of it. */
    public static InputStream openCapped(Path file, String entry, long cap) throws IOException {
        if (requireRegular(file, entry).size() > cap) throw tooLarge(entry, cap);
        return new FilterInputStream(Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            private long read;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0 && ++read > cap) throw tooLarge(entry, cap);
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0 && (read += n) > cap) throw tooLarge(entry, cap);
                return n;
            }
        };
    }

    public static RejectedException tooLarge(String entry, long cap) {
        String size = cap % (1 << 20) == 0 ? (cap >> 20) + " MiB" : cap % 1024 == 0 ? (cap >> 10) + " KiB" : cap + " bytes";
        return new RejectedException(entry, "larger than " + size + ", the limit for this file");
    }
}
