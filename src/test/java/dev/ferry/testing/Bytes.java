package dev.ferry.testing;

import com.github.luben.zstd.ZstdOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Random;

/** Byte arrays for building inputs: compressed as Ferry's bundles are, joined, or random (seeded, so repeatable). */
public final class Bytes {
    private Bytes() {
    }

    /** One zstd frame with its checksum, as `ferry bundle create --zstd` writes. */
    public static byte[] zstd(byte[] data) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ZstdOutputStream out = new ZstdOutputStream(buf)) {
            out.setChecksum(true);
            out.write(data);
        }
        return buf.toByteArray();
    }

    public static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (OutputStream out = new GzipCompressorOutputStream(buf)) {
            out.write(data);
        }
        return buf.toByteArray();
    }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    public static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
