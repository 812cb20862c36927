package dev.ferry.bundle;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.ferry.core.Reasons;
import dev.ferry.core.Digest;
import dev.ferry.core.RejectedException;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads a bundle from any stream in one pass: {@link #readHeader()} returns the manifest bytes and
 * the signature (entries 1 and 2) without touching the payload; {@link #readBlobs} then streams every
 * blob entry to a handler, refusing entries the manifest does not list, duplicates and size lies,
 * and naming the listed blobs that never came. Reading ends at the end of the stream, so compression
 * checksums and trailing bytes are checked too. Memory use does not depend on the bundle's size.
 */
public final class BundleReader implements Closeable {
    private static final int BUFFER = 1 << 16;

    private final String name;
    private final BufferedInputStream raw;
    private final BundleFormat.Compression compression;
    private final InputStream tarStream;
    private final TarReader tar;
    private TarReader.Entry afterHeader;
    private boolean headerRead;
    private boolean ended;

    private BundleReader(String name, BufferedInputStream raw, BundleFormat.Compression compression, InputStream tarStream) {
        this.name = name;
        this.raw = raw;
        this.compression = compression;
        this.tarStream = tarStream;
        this.tar = new TarReader(tarStream);
    }

    /** Starts reading {@code in} (a plain, zstd- or gzip-compressed tar stream; the kind is detected). */
    public static BundleReader open(InputStream in) throws IOException {
        return open(in, "bundle");
    }

    /** As {@link #open(InputStream)}; {@code name} (the file, or the upload) names the bundle in refusals about it as a whole. */
    public static BundleReader open(InputStream in, String name) throws IOException {
        BufferedInputStream raw = new BufferedInputStream(in, BUFFER);
        BundleFormat.Compression compression = BundleFormat.Compression.detect(raw);
        try {
            InputStream decompressed = switch (compression) {
                case NONE -> raw;
                case ZSTD -> new Damage(new ZstdInputStreamNoFinalizer(raw), name, "zstd");
                case GZIP -> new Damage(GzipCompressorInputStream.builder().setInputStream(raw)
                        .setDecompressConcatenated(true).get(), name, "gzip");
            };
            return new BundleReader(name, raw, compression, new BufferedInputStream(
                    new ReadAheadInputStream(decompressed, "bundle-read-ahead"), BUFFER));
        } catch (RejectedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new RejectedException(name, "damaged " + compression.name().toLowerCase(java.util.Locale.ROOT)
                    + " header: " + Reasons.of(e), e);
        }
    }

    public BundleFormat.Compression compression() {
        return compression;
    }

    /** Entries 1 and 2: the manifest's exact bytes, and the signature (null when the bundle is unsigned). */
    public record Header(byte[] manifest, byte[] signature) {
        public boolean signed() {
            return signature != null;
        }
    }

    public Header readHeader() throws IOException {
        if (headerRead) throw new IllegalStateException("header already read");
        headerRead = true;
        TarReader.Entry first = tar.next();
        if (first == null) throw new RejectedException(name, "empty archive: no " + BundleFormat.MANIFEST);
        checkName(first);
        if (!first.name().equals(BundleFormat.MANIFEST)) {
            throw new RejectedException(first.name(), "the first entry of a bundle must be " + BundleFormat.MANIFEST);
        }
        byte[] manifest = readSmall(first, BundleFormat.MAX_MANIFEST_BYTES);
        TarReader.Entry second = tar.next();
        if (second != null) checkName(second);
        if (second != null && second.name().equals(BundleFormat.SIGNATURE)) {
            return new Header(manifest, readSmall(second, BundleFormat.MAX_SIGNATURE_BYTES));
        }
        afterHeader = second;
        ended = second == null;
        return new Header(manifest, null);
    }

    /** Receives each blob entry's content; it must verify the bytes against {@code digest} and {@code size}. */
    @FunctionalInterface
    public interface BlobHandler {
        void blob(String entry, Digest digest, long size, InputStream content) throws IOException;
    }

    /** Streams the blob entries of a bundle whose header was read and accepted; see the class comment. */
    public void readBlobs(BundleManifest manifest, BlobHandler handler) throws IOException {
        if (!headerRead) throw new IllegalStateException("read the header first");
        Map<Digest, Long> listed = new LinkedHashMap<>();
        manifest.blobs().forEach(b -> listed.put(b.digest(), b.size()));
        Set<Digest> seen = new HashSet<>();
        TarReader.Entry e = afterHeader != null ? afterHeader : ended ? null : tar.next();
        afterHeader = null;
        for (; e != null; e = tar.next()) {
            checkName(e);
            if (e.name().equals(BundleFormat.MANIFEST) || e.name().equals(BundleFormat.SIGNATURE)) {
                throw new RejectedException(e.name(), "appears again (only entries 1 and 2 may be the manifest and its signature)");
            }
            String name = e.name();
            Digest digest = BundleFormat.blobDigest(name).orElseThrow(() -> new RejectedException(name,
                    "unexpected entry: a bundle holds only " + BundleFormat.MANIFEST + ", " + BundleFormat.SIGNATURE
                            + " and " + BundleFormat.BLOB_PREFIX + "<sha256 hex> entries"));
            Long size = listed.get(digest);
            if (size == null) throw new RejectedException(e.name(), "unknown entry: the manifest does not list this blob");
            if (!seen.add(digest)) throw new RejectedException(e.name(), "duplicate entry");
            if (e.size() != size) {
                throw new RejectedException(e.name(), "size mismatch: the manifest lists " + size + " bytes, the tar header says " + e.size());
            }
            handler.blob(e.name(), digest, size, tar.content());
        }
        ended = true;
        if (raw.read() >= 0) throw new RejectedException(name, "data after the end of the compressed stream");
        int missing = 0;
        String first = null;
        for (Digest d : listed.keySet()) {
            if (!seen.contains(d)) {
                missing++;
                if (first == null) first = BundleFormat.blobEntry(d);
            }
        }
        if (missing > 0) {
            throw new RejectedException(first, "missing entry: listed in the manifest but not in the bundle"
                    + (missing > 1 ? " (and " + (missing - 1) + " more)" : ""));
        }
    }

    /** A cheap look at the first entry (for input detection): a manifest naming a Ferry bundle format? Use a fresh reader. */
    boolean startsLikeABundle() throws IOException {
        TarReader.Entry first = tar.next();
        if (first == null || !first.name().equals(BundleFormat.MANIFEST)) return false;
        byte[] head = tar.content().readNBytes((int) Math.min(first.size(), 4096));
        return new String(head, java.nio.charset.StandardCharsets.UTF_8).contains("\"ferry.bundle.");
    }

    /** Bytes of the (decompressed) tar stream read so far. */
    public long tarPosition() {
        return tar.position();
    }

    private byte[] readSmall(TarReader.Entry e, int limit) throws IOException {
        if (e.size() > limit) throw new RejectedException(e.name(), "larger than the " + limit + " bytes this entry may have");
        byte[] bytes = tar.content().readNBytes((int) e.size());
        if (bytes.length != e.size()) throw new RejectedException(e.name(), "truncated: the bundle ends inside this entry");
        return bytes;
    }

    /** Refuses names that could mean something outside the bundle before looking at what they are. */
    static void checkName(TarReader.Entry e) throws RejectedException {
        String name = e.name();
        if (name.isEmpty()) throw new RejectedException("tar entry at offset " + e.offset(), "empty entry name");
        if (name.startsWith("/")) throw new RejectedException(name, "absolute path entries are not allowed");
        for (String segment : name.split("/", -1)) {
            if (segment.equals("..")) throw new RejectedException(name, "path traversal ('..') entries are not allowed");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') throw new RejectedException(name, "unsafe character in entry name");
        }
    }

    @Override
    public void close() throws IOException {
        try {
            tarStream.close();
        } finally {
            raw.close();
        }
    }

    /** Reports decompressor failures as a damaged bundle rather than as an I/O error. */
    private static final class Damage extends FilterInputStream {
        private final String name;
        private final String kind;

        Damage(InputStream in, String name, String kind) {
            super(in);
            this.name = name;
            this.kind = kind;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (RejectedException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw damaged(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (RejectedException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw damaged(e);
            }
        }

        private RejectedException damaged(Exception e) {
            return new RejectedException(name, "damaged or truncated " + kind + " stream: " + Reasons.of(e), e);
        }
    }
}
