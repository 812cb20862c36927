package dev.ferry.bundle;

import dev.ferry.core.Digest;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/** Names and limits of {@code ferry.bundle.v1} (specified in artifacts-layout/bundle.md). */
public final class BundleFormat {
    /** The channel of a bundle created without --channel; importing one is warned about. */
    public static final String DEFAULT_CHANNEL = "default";

    public static final String FORMAT = "ferry.bundle.v1";
    public static final String MANIFEST = "manifest.json";
    public static final String SIGNATURE = "manifest.json.sig";
    public static final String BLOB_PREFIX = "blobs/sha256/";
    /** A manifest is read into memory to verify its signature before anything else; this bounds that. */
    public static final int MAX_MANIFEST_BYTES = 32 << 20;
    public static final int MAX_SIGNATURE_BYTES = 64 << 10;
    /** How far a bundle's creation time may be ahead of the importing machine's clock. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private BundleFormat() {
    }

    /** The tar entry name of a blob. */
    public static String blobEntry(Digest digest) {
        return BLOB_PREFIX + digest.hex();
    }

    /** The digest a blob entry name stands for, or empty when the name is not {@code blobs/sha256/<64 lower-case hex>}. */
    public static Optional<Digest> blobDigest(String entryName) {
        if (!entryName.startsWith(BLOB_PREFIX)) return Optional.empty();
        try {
            return Optional.of(new Digest(entryName.substring(BLOB_PREFIX.length())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** How the tar stream is wrapped; recognised by magic bytes, never by file name. */
    public enum Compression {
        NONE(new byte[0], ".tar"),
        ZSTD(new byte[]{(byte) 0x28, (byte) 0xb5, (byte) 0x2f, (byte) 0xfd}, ".tar.zst"),
        GZIP(new byte[]{(byte) 0x1f, (byte) 0x8b}, ".tar.gz");

        private final byte[] magic;
        private final String suffix;

        Compression(byte[] magic, String suffix) {
            this.magic = magic;
            this.suffix = suffix;
        }

        public String suffix() {
            return suffix;
        }

        /** Peeks at the start of a mark-supporting stream. */
        static Compression detect(InputStream in) throws IOException {
            in.mark(4);
            byte[] head = in.readNBytes(4);
            in.reset();
            for (Compression c : new Compression[]{ZSTD, GZIP}) {
                if (head.length >= c.magic.length && Arrays.equals(Arrays.copyOf(head, c.magic.length), c.magic)) return c;
            }
            return NONE;
        }
    }
}
