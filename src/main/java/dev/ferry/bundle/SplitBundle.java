package dev.ferry.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ferry.importer.InputFiles;
import dev.ferry.core.Digest;
import dev.ferry.core.Json;
import dev.ferry.core.JsonRefusal;
import dev.ferry.core.RejectedException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bundle written in parts that fit FAT32 USB sticks: {@code NAME.001}, {@code NAME.002}, … beside
 * an index {@code NAME.parts.json} that lists each part's size and SHA-256. The parts concatenated
 * are the bundle. Reading checks every part's presence and size before the first byte, and each
 * part's digest as its last byte is read.
 */
public final class SplitBundle {
    public static final String FORMAT = "ferry.bundle-parts.v1";
    public static final String INDEX_SUFFIX = ".parts.json";
    private static final Pattern PART = Pattern.compile("(.+)\\.(\\d{3,})");
    private static final int MAX_INDEX_BYTES = 1 << 20;

    private SplitBundle() {
    }

    /** The index file. */
    public record Index(String format, String bundle, long size, List<Part> parts) {
        public Index {
            parts = parts == null ? List.of() : List.copyOf(parts);
        }
    }

    public record Part(String name, long size, Digest digest) {
    }

    /** The index {@code path} belongs to: the index itself, or the one beside a part {@code NAME.001}; empty for a plain bundle file. */
    public static Optional<Path> indexFor(Path path) {
        String name = path.getFileName().toString();
        if (name.endsWith(INDEX_SUFFIX)) return Optional.of(path);
        Matcher m = PART.matcher(name);
        if (m.matches()) {
            Path index = path.resolveSibling(m.group(1) + INDEX_SUFFIX);
            if (Files.exists(index, LinkOption.NOFOLLOW_LINKS)) return Optional.of(index); // a link or FIFO is refused when read
        }
        return Optional.empty();
    }

    public static String partName(String bundle, int number) {
        return String.format(Locale.ROOT, "%s.%03d", bundle, number);
    }

    /** Reads and checks an index: parts named NAME.001… in order, all present beside it with the listed sizes. */
    public static Index readIndex(Path indexFile) throws IOException {
        String where = indexFile.getFileName().toString();
        byte[] json = InputFiles.readSmall(indexFile, where, MAX_INDEX_BYTES);
        Index index;
        try {
            index = Json.MAPPER.readValue(json, Index.class);
        } catch (JsonProcessingException e) {
            throw new RejectedException(where, "not a bundle parts index: " + JsonRefusal.reason(e));
        }
        if (!FORMAT.equals(index.format())) throw new RejectedException(where, "unsupported parts index format '" + index.format() + "'");
        if (index.parts().isEmpty()) throw new RejectedException(where, "lists no parts");
        long total = 0;
        for (int i = 0; i < index.parts().size(); i++) {
            Part p = index.parts().get(i);
            if (p == null || p.name() == null || p.digest() == null || !p.name().equals(partName(index.bundle(), i + 1))) {
                throw new RejectedException(where, "part " + (i + 1) + " must be named " + partName(index.bundle(), i + 1));
            }
            Path file = indexFile.resolveSibling(p.name());
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new RejectedException(p.name(), "part " + (i + 1) + " of " + index.parts().size() + " is missing");
            }
            long size = InputFiles.requireRegular(file, p.name()).size();
            if (size != p.size()) {
                throw new RejectedException(p.name(), "part has " + size + " bytes, the index lists " + p.size());
            }
            total += size;
        }
        if (total != index.size()) throw new RejectedException(where, "parts add up to " + total + " bytes, the index says " + index.size());
        return index;
    }

    /** The parts as one stream; a part whose bytes do not hash to the listed digest is refused when its end is reached. */
    public static InputStream open(Path indexFile, Index index) {
        return new InputStream() {
            private int next;
            private InputStream current;
            private MessageDigest md;
            private long read;
            private Part part;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                while (true) {
                    if (current == null) {
                        if (next >= index.parts().size()) return -1;
                        part = index.parts().get(next++);
                        current = InputFiles.openRegular(indexFile.resolveSibling(part.name()), part.name());
                        md = Digest.newMessageDigest();
                        read = 0;
                    }
                    int n = current.read(b, off, len);
                    if (n > 0) {
                        md.update(b, off, n);
                        read += n;
                        if (read > part.size()) throw new RejectedException(part.name(), "part grew while being read");
                        return n;
                    }
                    current.close();
                    current = null;
                    Digest actual = Digest.of(md);
                    if (read != part.size() || !actual.equals(part.digest())) {
                        throw new RejectedException(part.name(), "sha256 mismatch: the part is damaged (index lists "
                                + part.digest().hex() + ", got " + actual.hex() + ")");
                    }
                }
            }

            @Override
            public void close() throws IOException {
                if (current != null) current.close();
            }
        };
    }

    /** Writes parts of at most {@code partSize} bytes; {@link #close()} syncs the last part and writes the index. */
    public static final class Writer extends OutputStream {
        private final Path dir;
        private final String bundle;
        private final long partSize;
        private final List<Part> parts = new ArrayList<>();
        private final List<Path> written = new ArrayList<>();
        private FileChannel channel;
        private MessageDigest md;
        private long inPart;
        private long total;
        private boolean closed;

        public Writer(Path bundleFile, long partSize) {
            if (partSize < 1) throw new IllegalArgumentException("part size must be positive");
            this.dir = bundleFile.toAbsolutePath().getParent();
            this.bundle = bundleFile.getFileName().toString();
            this.partSize = partSize;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (channel == null || inPart == partSize) nextPart();
                int n = (int) Math.min(len, partSize - inPart);
                ByteBuffer bb = ByteBuffer.wrap(b, off, n);
                while (bb.hasRemaining()) channel.write(bb);
                md.update(b, off, n);
                inPart += n;
                total += n;
                off += n;
                len -= n;
            }
        }

        private void nextPart() throws IOException {
            finishPart();
            Path file = dir.resolve(partName(bundle, parts.size() + 1));
            channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            written.add(file);
            md = Digest.newMessageDigest();
            inPart = 0;
        }

        private void finishPart() throws IOException {
            if (channel == null) return;
            channel.force(true);
            channel.close();
            parts.add(new Part(written.get(written.size() - 1).getFileName().toString(), inPart, Digest.of(md)));
            channel = null;
        }

        /** The files written so far (parts, and the index once closed), to remove after a failure. */
        public List<Path> files() {
            return List.copyOf(written);
        }

        public Index index() {
            return new Index(FORMAT, bundle, total, parts);
        }

        @Override
        public void close() throws IOException {
            if (closed) return;
            closed = true;
            if (channel == null && parts.isEmpty()) nextPart();
            finishPart();
            Path index = dir.resolve(bundle + INDEX_SUFFIX);
            written.add(index);
            Files.write(index, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(index()), StandardOpenOption.CREATE_NEW);
            try (FileChannel ch = FileChannel.open(index, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        }
    }
}
