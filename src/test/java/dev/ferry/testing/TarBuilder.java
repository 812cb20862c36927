package dev.ferry.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes tar archives byte by byte, including the hostile ones no library would produce: size
 * lies, links, devices, absolute names, sparse markers, garbage padding. Headers are POSIX ustar
 * with a correct checksum unless a test breaks it on purpose.
 */
public final class TarBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public TarBuilder file(String name, byte[] content) {
        return entry(name, '0', content, content.length, "");
    }

    /** A header of {@code type} declaring {@code declaredSize}, then {@code content} padded to the block size. */
    public TarBuilder entry(String name, char type, byte[] content, long declaredSize, String linkName) {
        out.writeBytes(header(name, type, declaredSize, linkName));
        out.writeBytes(content);
        int pad = (512 - content.length % 512) % 512;
        out.writeBytes(new byte[pad]);
        return this;
    }

    /** A pax extended header with the given records (e.g. "path=x", "GNU.sparse.major=1"). */
    public TarBuilder pax(String... records) {
        StringBuilder body = new StringBuilder();
        for (String r : records) {
            String rec = " " + r + "\n";
            int len = rec.getBytes(StandardCharsets.UTF_8).length;
            int total = len + Integer.toString(len).length();
            if (Integer.toString(total).length() != Integer.toString(len).length()) total++;
            body.append(total).append(rec);
        }
        byte[] data = body.toString().getBytes(StandardCharsets.UTF_8);
        return entry("PaxHeaders/x", 'x', data, data.length, "");
    }

    public TarBuilder raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** The archive so far, without an end-of-archive marker (a truncated archive). */
    public byte[] unterminated() {
        return out.toByteArray();
    }

    /** The archive with two zero blocks and padding to a 10 KiB record, as GNU tar writes it. */
    public byte[] end() {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        copy.writeBytes(out.toByteArray());
        copy.writeBytes(new byte[1024]);
        int pad = (10240 - copy.size() % 10240) % 10240;
        copy.writeBytes(new byte[pad]);
        return copy.toByteArray();
    }

    public static byte[] header(String name, char type, long size, String linkName) {
        byte[] h = new byte[512];
        put(h, 0, 100, name);
        put(h, 100, 8, "0000644");
        put(h, 108, 8, "0000000");
        put(h, 116, 8, "0000000");
        put(h, 124, 12, String.format("%011o", size));
        put(h, 136, 12, String.format("%011o", 1700000000L));
        h[156] = (byte) type;
        put(h, 157, 100, linkName);
        put(h, 257, 6, "ustar");
        put(h, 263, 2, "00");
        Arrays.fill(h, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : h) sum += b & 0xff;
        byte[] chk = String.format("%06o", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(chk, 0, h, 148, 6);
        h[154] = 0;
        h[155] = ' ';
        return h;
    }

    private static void put(byte[] h, int off, int len, String value) {
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        if (v.length > len) throw new IllegalArgumentException("field too long: " + value);
        System.arraycopy(v, 0, h, off, v.length);
    }
}
