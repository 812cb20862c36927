package dev.ferry.bundle;

import dev.ferry.core.RejectedException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A small, strict reader for the tar subset a bundle may use: POSIX ustar (or GNU-magic) headers
 * of regular files, optionally preceded by a pax extended header carrying only path and size. Every byte of the stream is
 * accounted for: headers are checksummed, content goes to the caller (who verifies it against
 * the signed manifest), and padding, the end-of-archive marker and what follows it must be zero.
 * So no single byte of a bundle can change without the change being noticed.
 * <p>
 * Links, devices, FIFOs, directories, sparse files, GNU long names and global headers are refused
 * by name, before any of their content is read. Sizes come from the header; the caller bounds them.
 */
final class TarReader {
    static final int BLOCK = 512;
    private static final int MAX_PAX_BYTES = 64 << 10;
    /** GNU tar pads the archive to its record size (10 KiB by default); more zeros than this is not padding. */
    private static final long MAX_TRAILING_ZEROS = 1 << 20;

    private final InputStream in;
    private final byte[] header = new byte[BLOCK];
    private long position;
    private Entry current;
    private long remaining;

    /** A regular file entry; {@code offset} is where its header starts in the tar stream. */
    record Entry(String name, long size, long offset) {
    }

    TarReader(InputStream in) {
        this.in = in;
    }

    /** Bytes of the tar stream consumed so far. */
    long position() {
        return position;
    }

    /**
     * Skips what is left of the current entry and returns the next one, or null once the
     * end-of-archive marker and the zero padding after it were read to the end of the stream.
     */
    Entry next() throws IOException {
        if (current != null) finishEntry();
        PaxHeader pax = null;
        while (true) {
            long offset = position;
            if (!readBlock()) {
                throw new RejectedException(where(offset), "truncated: the bundle ends without a tar end-of-archive marker");
            }
            if (isZero(header, BLOCK)) {
                checkEnd(offset);
                return null;
            }
            checkHeader(offset);
            String name = name(offset);
            long size = size(offset, name);
            byte type = header[156];
            if (type == 'x') {
                if (pax != null) throw new RejectedException(name, "two pax extended headers in a row");
                if (size > MAX_PAX_BYTES) throw new RejectedException(name, "pax extended header larger than " + MAX_PAX_BYTES + " bytes");
                pax = PaxHeader.parse(name, readFully(name, (int) size));
                skipPadding(name, size);
                continue;
            }
            if (pax != null) {
                if (pax.path() != null) name = pax.path();
                if (pax.size() >= 0) size = pax.size();
            }
            if (type != '0' && type != 0) throw new RejectedException(name, refusedType(type));
            current = new Entry(name, size, offset);
            remaining = size;
            return current;
        }
    }

    /** The current entry's content; reading past its end returns -1, a stream that ends early is refused as truncated. */
    InputStream content() {
        Entry entry = current;
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (current != entry || remaining == 0) return -1;
                if (len == 0) return 0;
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) throw new RejectedException(entry.name(), "truncated: the bundle ends inside this entry");
                remaining -= n;
                position += n;
                return n;
            }
        };
    }

    private void finishEntry() throws IOException {
        Entry entry = current;
        byte[] skip = new byte[8192];
        InputStream content = content();
        while (content.read(skip) >= 0) {
            // the caller did not need the rest; it still has to be there
        }
        current = null;
        skipPadding(entry.name(), entry.size());
    }

    private void skipPadding(String name, long size) throws IOException {
        int padding = (int) ((BLOCK - size % BLOCK) % BLOCK);
        if (padding == 0) return;
        byte[] pad = readFully(name, padding);
        if (!isZero(pad, padding)) throw new RejectedException(name, "nonzero bytes in the padding after the entry");
    }

    /** Two zero blocks, then nothing but zeros up to the end of the stream. */
    private void checkEnd(long offset) throws IOException {
        if (!readBlock() || !isZero(header, BLOCK)) {
            throw new RejectedException(where(offset), "a single zero block is not an end-of-archive marker");
        }
        long trailing = 0;
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) >= 0; ) {
            if (!isZero(buf, n)) throw new RejectedException(where(position + trailing), "data after the tar end-of-archive marker");
            trailing += n;
            if (trailing > MAX_TRAILING_ZEROS) {
                throw new RejectedException(where(position), "more than " + MAX_TRAILING_ZEROS + " bytes of padding after the end-of-archive marker");
            }
        }
        position += trailing;
    }

    private boolean readBlock() throws IOException {
        int n = in.readNBytes(header, 0, BLOCK);
        if (n == 0) return false;
        if (n < BLOCK) throw new RejectedException(where(position), "truncated: the bundle ends inside a tar header");
        position += BLOCK;
        return true;
    }

    private byte[] readFully(String name, int length) throws IOException {
        byte[] buf = in.readNBytes(length);
        if (buf.length < length) throw new RejectedException(name, "truncated: the bundle ends inside this entry");
        position += length;
        return buf;
    }

    /** The checksum field must read exactly as POSIX writers produce it: six octal digits, NUL, space. */
    private void checkHeader(long offset) throws RejectedException {
        long stored = 0;
        for (int i = 148; i < 154; i++) {
            byte b = header[i];
            if (b < '0' || b > '7') throw new RejectedException(where(offset), "malformed tar header checksum field");
            stored = stored * 8 + (b - '0');
        }
        if (header[154] != 0 || header[155] != ' ') throw new RejectedException(where(offset), "malformed tar header checksum field");
        long sum = 8L * ' ';
        for (int i = 0; i < BLOCK; i++) {
            if (i < 148 || i >= 156) sum += header[i] & 0xff;
        }
        if (sum != stored) throw new RejectedException(where(offset), "tar header checksum mismatch (damaged header)");
        if (!isPosixMagic() && !isGnuMagic()) throw new RejectedException(where(offset), "not a POSIX (ustar) tar header");
    }

    private boolean isPosixMagic() {
        return ascii(257, 6).equals("ustar\0") && ascii(263, 2).equals("00");
    }

    private boolean isGnuMagic() {
        return ascii(257, 8).equals("ustar  \0");
    }

    private String ascii(int from, int length) {
        return new String(header, from, length, StandardCharsets.ISO_8859_1);
    }

    private String name(long offset) throws RejectedException {
        String name = field(offset, 0, 100);
        if (isPosixMagic()) {
            String prefix = field(offset, 345, 155);
            if (!prefix.isEmpty()) name = prefix + "/" + name;
        }
        return name;
    }

    private String field(long offset, int from, int length) throws RejectedException {
        int end = from;
        while (end < from + length && header[end] != 0) end++;
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(header, from, end - from)).toString();
        } catch (CharacterCodingException e) {
            throw new RejectedException(where(offset), "entry name is not valid UTF-8");
        }
    }

    /** Octal, or GNU base-256 for sizes of 8 GiB and more. */
    private long size(long offset, String name) throws RejectedException {
        if ((header[124] & 0x80) != 0) {
            if ((header[124] & 0xff) != 0x80) throw new RejectedException(name, "malformed or negative entry size");
            long v = 0;
            for (int i = 125; i < 136; i++) {
                if (v > (Long.MAX_VALUE >> 8)) throw new RejectedException(name, "entry size out of range");
                v = (v << 8) | (header[i] & 0xff);
            }
            return v;
        }
        int i = 124;
        int end = 136;
        while (i < end && header[i] == ' ') i++;
        long v = 0;
        int digits = 0;
        for (; i < end && header[i] >= '0' && header[i] <= '7'; i++, digits++) v = v * 8 + (header[i] - '0');
        for (; i < end; i++) {
            if (header[i] != 0 && header[i] != ' ') throw new RejectedException(name, "malformed entry size field");
        }
        if (digits == 0) throw new RejectedException(name, "malformed entry size field");
        return v;
    }

    private static String refusedType(byte type) {
        return switch (type) {
            case '1' -> "hard link entries are not allowed";
            case '2' -> "symbolic link entries are not allowed";
            case '3' -> "character device entries are not allowed";
            case '4' -> "block device entries are not allowed";
            case '5' -> "directory entries are not allowed (a bundle holds regular files only)";
            case '6' -> "FIFO entries are not allowed";
            case '7' -> "contiguous-file entries are not allowed";
            case 'S' -> "sparse file entries are not allowed";
            case 'L', 'K' -> "GNU long-name entries are not allowed (bundle entry names fit a ustar header)";
            case 'g' -> "pax global headers are not allowed";
            default -> String.format("tar entry type '%s' is not allowed", type >= 0x20 && type < 0x7f ? (char) type : "0x" + Integer.toHexString(type & 0xff));
        };
    }

    private static String where(long offset) {
        return "tar header at offset " + offset;
    }

    static boolean isZero(byte[] buf, int length) {
        for (int i = 0; i < length; i++) {
            if (buf[i] != 0) return false;
        }
        return true;
    }

    /** What a pax extended header may say about the next entry: its path and its size, nothing else. */
    record PaxHeader(String path, long size) {
        static PaxHeader parse(String name, byte[] data) throws RejectedException {
            String path = null;
            long size = -1;
            int i = 0;
            while (i < data.length) {
                int space = i;
                while (space < data.length && data[space] >= '0' && data[space] <= '9') space++;
                if (space == i || space >= data.length || data[space] != ' ' || space - i > 6) {
                    throw new RejectedException(name, "malformed pax record");
                }
                int length = Integer.parseInt(new String(data, i, space - i, StandardCharsets.US_ASCII));
                int end = i + length;
                if (length <= space - i + 1 || end > data.length || data[end - 1] != '\n') {
                    throw new RejectedException(name, "malformed pax record");
                }
                String record = new String(data, space + 1, end - 1 - (space + 1), StandardCharsets.UTF_8);
                int eq = record.indexOf('=');
                if (eq <= 0) throw new RejectedException(name, "malformed pax record");
                String key = record.substring(0, eq);
                String value = record.substring(eq + 1);
                if (key.startsWith("GNU.sparse.")) throw new RejectedException(name, "sparse file entries are not allowed");
                if (key.equals("path")) {
                    path = value;
                } else if (key.equals("size")) {
                    if (!value.matches("[0-9]{1,18}")) throw new RejectedException(name, "malformed pax size");
                    size = Long.parseLong(value);
                } else {
                    // a value nothing checks (a time, an owner) is a byte that could change unnoticed
                    throw new RejectedException(name, "pax record '" + key + "' is not allowed (a bundle's pax headers carry only path and size)");
                }
                i = end;
            }
            return new PaxHeader(path, size);
        }
    }
}
