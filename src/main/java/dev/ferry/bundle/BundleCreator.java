package dev.ferry.bundle;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import dev.ferry.importer.ImportInput;
import dev.ferry.pgp.DetachedSigner;
import dev.ferry.core.Digest;
import dev.ferry.store.Generation;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongConsumer;

/**
 * {@code ferry bundle create}: stages the inputs into a {@link BundleWriter}, signs the manifest's
 * exact bytes, and writes the bundle to one file or to FAT32-sized parts with an index. Output
 * appears under its final name only once complete and synced; a failure removes what was written.
 */
public final class BundleCreator {
    private BundleCreator() {
    }

    /**
     * @param splitBytes part size, or 0 for a single file
     * @param signer     null for an unsigned bundle
     * @param expiresIn  null for a bundle that does not expire
     * @param base       the target store's current catalog for a delta bundle, or null
     */
    public record Options(Path out, BundleFormat.Compression compression, int zstdLevel, long splitBytes,
                          DetachedSigner signer, String channel, Duration expiresIn, String creator, Generation base) {
    }

    /**
     * @param files     what was written: the bundle, or its parts and index
     * @param sha256    of the whole bundle (for a split bundle: of its parts concatenated)
     * @param checksums each written file's sha256, so copies on USB sticks can be compared
     */
    public record Result(BundleManifest manifest, List<Path> files, long bytesWritten, Digest sha256, Map<Path, Digest> checksums) {
    }

    public static Result create(List<ImportInput> inputs, Options o, Instant now, LongConsumer progress) throws IOException {
        return create(inputs, List.of(), o, now, progress);
    }

    /**
     * Each input publishes where its own {@link dev.ferry.importer.ImportOptions} place it (prefix,
     * repository), so inputs placed differently make one bundle.
     *
     * @param provenance recorded in the manifest, for inputs fetched from upstreams
     */
    public static Result create(List<ImportInput> inputs, List<Provenance> provenance, Options o, Instant now, LongConsumer progress)
            throws IOException {
        List<Path> targets = o.splitBytes() > 0
                ? List.of(o.out().resolveSibling(o.out().getFileName() + SplitBundle.INDEX_SUFFIX),
                o.out().resolveSibling(SplitBundle.partName(o.out().getFileName().toString(), 1)))
                : List.of(o.out());
        for (Path t : targets) {
            if (Files.exists(t)) throw new FileAlreadyExistsException(t + " exists; refusing to overwrite it");
        }
        BundleWriter writer = new BundleWriter(o.base());
        for (ImportInput input : inputs) input.stage(writer);
        Instant created = now.truncatedTo(ChronoUnit.MILLIS);
        BundleManifest manifest = writer.manifest(UUID.randomUUID().toString(), o.channel(), created,
                o.expiresIn() == null ? null : created.plus(o.expiresIn()), o.creator(), provenance);
        byte[] manifestBytes = manifest.toBytes();
        byte[] signature = o.signer() == null ? null : o.signer().sign(manifestBytes);
        return o.splitBytes() > 0 ? writeSplit(writer, manifest, manifestBytes, signature, o, progress)
                : writeSingle(writer, manifest, manifestBytes, signature, o, progress);
    }

    private static Result writeSingle(BundleWriter writer, BundleManifest manifest, byte[] manifestBytes, byte[] signature,
                                      Options o, LongConsumer progress) throws IOException {
        Path partial = o.out().resolveSibling(o.out().getFileName() + ".partial");
        long bytes;
        Digest sha256;
        try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            Counting counted = new Counting(Channels.newOutputStream(channel));
            try (OutputStream out = compress(counted, o)) {
                writer.writeTar(manifest, manifestBytes, signature, out, progress);
            }
            bytes = counted.count;
            sha256 = Digest.of(counted.md);
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, o.out(), StandardCopyOption.ATOMIC_MOVE);
        return new Result(manifest, List.of(o.out()), bytes, sha256, Map.of(o.out(), sha256));
    }

    private static Result writeSplit(BundleWriter writer, BundleManifest manifest, byte[] manifestBytes, byte[] signature,
                                     Options o, LongConsumer progress) throws IOException {
        SplitBundle.Writer parts = new SplitBundle.Writer(o.out(), o.splitBytes());
        Counting whole = new Counting(parts);
        try {
            try (OutputStream out = compress(whole, o)) {
                writer.writeTar(manifest, manifestBytes, signature, out, progress);
            }
            parts.close(); // Counting only flushes: the parts writer writes its index on close
        } catch (IOException | RuntimeException e) {
            for (Path p : parts.files()) Files.deleteIfExists(p);
            throw e;
        }
        Map<Path, Digest> checksums = new LinkedHashMap<>();
        Path dir = o.out().toAbsolutePath().getParent();
        for (SplitBundle.Part part : parts.index().parts()) checksums.put(dir.resolve(part.name()), part.digest());
        Path index = o.out().resolveSibling(o.out().getFileName() + SplitBundle.INDEX_SUFFIX);
        checksums.put(index, Digest.ofBytes(Files.readAllBytes(index)));
        return new Result(manifest, new ArrayList<>(parts.files()), parts.index().size(), Digest.of(whole.md), checksums);
    }

    /** The compressor over {@code out}; closing it closes {@code out}. zstd frames carry a content checksum. */
    private static OutputStream compress(OutputStream out, Options o) throws IOException {
        OutputStream buffered = new BufferedOutputStream(out, 1 << 20);
        return switch (o.compression()) {
            case NONE -> new BufferedOutputStream(buffered, 1 << 16);
            case ZSTD -> new BufferedOutputStream(new ZstdOutputStreamNoFinalizer(buffered, o.zstdLevel()).setChecksum(true)
                    .setWorkers(Math.max(1, Runtime.getRuntime().availableProcessors())), 1 << 16);
            case GZIP -> {
                GzipParameters p = new GzipParameters();
                p.setModificationTime(0);
                yield new BufferedOutputStream(new GzipCompressorOutputStream(buffered, p), 1 << 16);
            }
        };
    }

    /** Counts and hashes what goes through, so the bundle's sha256 comes without reading it back. */
    private static final class Counting extends FilterOutputStream {
        private final MessageDigest md = Digest.newMessageDigest();
        private long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            md.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            md.update(b, off, len);
            count += len;
        }

        /** Flushes only: the file channel stays open so that it can be synced. */
        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
