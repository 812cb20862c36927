package dev.ferry.bundle;

import dev.ferry.importer.ImportSink;
import dev.ferry.importer.ReservedPaths;
import dev.ferry.store.CatalogPath;
import dev.ferry.core.Digest;
import dev.ferry.store.Generation;
import dev.ferry.store.OciRepository;
import dev.ferry.core.RejectedException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * The sink {@code ferry bundle create} stages inputs into. The manifest must precede the payload
 * in the bundle, so writing takes two passes over each input's blobs: staging hashes every blob
 * and records the catalog changes (the inputs' own checks apply, as in an import); {@link #writeTar}
 * then re-reads each blob into the tar stream and refuses one whose bytes changed in between.
 * Memory holds only the catalog description, never blob content.
 * <p>
 * Catalog changes replay on import in a fixed order, which gives the same result as the inputs'
 * calls in sequence: every {@code replace} prefix and {@code remove} path first, then files, then
 * repositories (a removal drops what earlier inputs put there from the bundle too).
 */
public final class BundleWriter implements ImportSink {
    private final Generation base;
    private final Set<Digest> inBase;
    private final LinkedHashMap<Digest, Carried> blobs = new LinkedHashMap<>();
    private final TreeMap<String, BundleManifest.File> files = new TreeMap<>();
    private final TreeMap<String, OciRepository> repositories = new TreeMap<>();
    private final LinkedHashSet<String> replace = new LinkedHashSet<>();
    private final LinkedHashSet<String> replaceTags = new LinkedHashSet<>();
    private final LinkedHashSet<String> remove = new LinkedHashSet<>();

    private record Carried(String entry, long size, BlobSource source) {
    }

    /** @param base for a delta bundle, the catalog the target store has (its blobs are not carried); null for a full bundle */
    public BundleWriter(Generation base) {
        this.base = base;
        this.inBase = base == null ? Set.of() : base.referencedDigests();
    }

    @Override
    public Digest putBlob(String entry, BlobSource source, Digest expected, long expectedSize) throws IOException {
        MessageDigest md = Digest.newMessageDigest();
        long size;
        try (InputStream in = source.open()) {
            size = copy(in, md, OutputStream.nullOutputStream(), expectedSize >= 0 ? expectedSize + 1 : Long.MAX_VALUE);
        }
        Digest actual = Digest.of(md);
        if (expectedSize >= 0 && size != expectedSize) {
            throw new RejectedException(entry, "size mismatch: declared " + expectedSize + " bytes, got " + (size > expectedSize ? "more" : size));
        }
        if (expected != null && !expected.equals(actual)) {
            throw new RejectedException(entry, "sha256 mismatch: expected " + expected.hex() + ", got " + actual.hex());
        }
        if (!inBase.contains(actual)) blobs.putIfAbsent(actual, new Carried(entry, size, source));
        return actual;
    }

    @Override
    public void putFile(CatalogPath path, Digest digest, long size, String mediaType, String family, Map<String, String> metadata)
            throws IOException {
        ReservedPaths.requireServable(path); // refused where the bundle is made, not only on the far side
        requireKnown(path.value(), digest, size);
        files.put(path.value(), new BundleManifest.File(digest, size, mediaType, family, metadata));
    }

    @Override
    public void putRepository(String name, OciRepository repository) throws IOException {
        for (Map.Entry<String, OciRepository.OciManifest> m : repository.manifests().entrySet()) {
            requireKnown(name + "@" + m.getKey(), Digest.parse(m.getKey()), m.getValue().size());
        }
        for (Map.Entry<String, Long> b : repository.blobs().entrySet()) {
            requireKnown(name + "@" + b.getKey(), Digest.parse(b.getKey()), b.getValue());
        }
        repositories.merge(name, repository, OciRepository::merge);
    }

    @Override
    public void removeUnder(String prefix) {
        replace.add(prefix);
        files.keySet().removeIf(p -> CatalogPath.of(p).isUnder(prefix));
    }

    @Override
    public void removeTags(String name) {
        replaceTags.add(name);
        repositories.computeIfPresent(name, (n, repo) -> repo.withoutTags());
    }

    @Override
    public void removeFile(CatalogPath path) {
        remove.add(path.value());
        files.remove(path.value());
    }

    private void requireKnown(String owner, Digest digest, long size) throws RejectedException {
        Carried c = blobs.get(digest);
        if (c == null && !inBase.contains(digest)) {
            throw new RejectedException(owner, "blob " + digest + " was not delivered by the input");
        }
        if (c != null && c.size() != size) {
            throw new RejectedException(owner, "declares " + size + " bytes but blob " + digest + " has " + c.size());
        }
    }

    /** The manifest of what was staged; blobs no file or repository references any more are left out. */
    public BundleManifest manifest(String id, String channel, Instant created, Instant expires, String creator) throws RejectedException {
        return manifest(id, channel, created, expires, creator, List.of());
    }

    /** @param provenance where the inputs were fetched from, for bundles made from a spec */
    public BundleManifest manifest(String id, String channel, Instant created, Instant expires, String creator,
                                   List<Provenance> provenance) throws RejectedException {
        Set<Digest> referenced = new HashSet<>();
        files.values().forEach(f -> referenced.add(f.digest()));
        repositories.values().forEach(r -> {
            r.manifests().keySet().forEach(d -> referenced.add(Digest.parse(d)));
            r.blobs().keySet().forEach(d -> referenced.add(Digest.parse(d)));
        });
        List<BundleManifest.Blob> carried = new ArrayList<>();
        blobs.forEach((d, c) -> {
            if (referenced.contains(d)) carried.add(new BundleManifest.Blob(d, c.size()));
        });
        BundleManifest.Base baseRef = base == null ? null : new BundleManifest.Base(base.number(), Inventory.of(base));
        BundleManifest m = new BundleManifest(BundleFormat.FORMAT, id, channel, created, expires, creator, baseRef, carried,
                new ArrayList<>(replace), new ArrayList<>(remove), new TreeMap<>(files), new TreeMap<>(repositories), new ArrayList<>(replaceTags),
                provenance);
        m.validate();
        return m;
    }

    /**
     * Writes the tar stream: manifest, signature (when signed), then every carried blob. Finishes the
     * tar (end-of-archive marker) but leaves closing {@code out} to the caller.
     */
    public void writeTar(BundleManifest manifest, byte[] manifestBytes, byte[] signature, OutputStream out, LongConsumer progress)
            throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_ERROR);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        // whole seconds: a fractional time would make the tar writer add a pax mtime record, which readers refuse
        Date time = Date.from(manifest.created().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        entry(tar, BundleFormat.MANIFEST, manifestBytes.length, time);
        tar.write(manifestBytes);
        tar.closeArchiveEntry();
        if (signature != null) {
            entry(tar, BundleFormat.SIGNATURE, signature.length, time);
            tar.write(signature);
            tar.closeArchiveEntry();
        }
        for (BundleManifest.Blob blob : manifest.blobs()) {
            Carried c = blobs.get(blob.digest());
            entry(tar, BundleFormat.blobEntry(blob.digest()), blob.size(), time);
            MessageDigest md = Digest.newMessageDigest();
            long n;
            try (InputStream in = c.source().open()) {
                n = copy(in, md, new ProgressStream(tar, progress), blob.size());
            }
            if (n != blob.size() || !Digest.of(md).equals(blob.digest())) {
                throw new IOException(c.entry() + " changed while the bundle was being written; nothing usable was produced");
            }
            tar.closeArchiveEntry();
        }
        tar.finish();
    }

    private static void entry(TarArchiveOutputStream tar, String name, long size, Date time) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(size);
        e.setModTime(time);
        e.setMode(0100644);
        e.setUserName("");
        e.setGroupName("");
        tar.putArchiveEntry(e);
    }

    private static long copy(InputStream in, MessageDigest md, OutputStream out, long limit) throws IOException {
        byte[] buf = new byte[1 << 16];
        long total = 0;
        for (int n; total < limit && (n = in.read(buf, 0, (int) Math.min(buf.length, limit - total))) > 0; ) {
            md.update(buf, 0, n);
            out.write(buf, 0, n);
            total += n;
        }
        return total;
    }

    /** Passes writes through (without closing the tar) and reports their size. */
    private static final class ProgressStream extends OutputStream {
        private final OutputStream out;
        private final LongConsumer progress;

        ProgressStream(OutputStream out, LongConsumer progress) {
            this.out = out;
            this.progress = progress;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            progress.accept(1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            progress.accept(len);
        }
    }
}
