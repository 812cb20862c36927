package dev.ferry.store;

import dev.ferry.core.RejectedException;
import dev.ferry.core.Digest;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One atomic change to the store. Blobs are verified and staged as they arrive; catalog changes
 * are collected in memory; {@link #commit()} publishes all of it as one new generation or, if the
 * result equals the current catalog, nothing at all. Closing without committing leaves the store
 * exactly as it was.
 */
public final class StoreTransaction implements Closeable {
    private final Store store;
    private final StoreLock lock;
    private final String origin;
    private final String id;
    private final Generation base;
    /** The pointer when this transaction began: the commit moves it only if it is still there. */
    private final PointerState seen;
    private final BlobStaging staging;
    private final TreeMap<String, FileEntry> files;
    private final TreeMap<String, OciRepository> repositories;
    private final TreeMap<String, ChannelRecord> channelUpdates = new TreeMap<>();
    /** Paths given an entry by this transaction; every other entry is still the base's own object. */
    private final java.util.Set<String> written = new java.util.HashSet<>();
    private long bytesRead;
    private boolean finished;

    StoreTransaction(Store store, StoreLock lock, String origin) throws IOException {
        this.store = store;
        this.lock = lock;
        this.origin = origin;
        this.id = UUID.randomUUID().toString();
        this.seen = store.catalog().pointer();
        this.base = seen.generation().isPresent() ? store.catalog().read(seen.generation().getAsLong()) : Generation.empty();
        this.staging = store.blobs().staging(id);
        this.files = new TreeMap<>(base.files());
        this.repositories = new TreeMap<>(base.repositories());
    }

    public Generation base() {
        return base;
    }

    public Store store() {
        return store;
    }

    /**
     * Reads a blob fully, checking it against {@code expected} and {@code expectedSize} when given
     * (null / negative = unknown). Bytes the store already holds are hashed but not written again.
     *
     * @param entry names the input in error messages
     */
    public Digest putBlob(String entry, InputStream in, Digest expected, long expectedSize) throws IOException {
        ensureOpen();
        long limit = expectedSize >= 0 ? expectedSize : Long.MAX_VALUE;
        Digest actual;
        long size;
        if (expected != null && staging.holds(expected)) {
            MessageDigest md = Digest.newMessageDigest();
            size = copyLimited(new DigestInputStream(in, md), OutputStream.nullOutputStream(), limit);
            actual = Digest.of(md);
        } else {
            BlobStaging.StagedBlob staged = staging.write(in, limit);
            actual = staged.digest();
            size = staged.size();
        }
        bytesRead += size;
        if (expectedSize >= 0 && size != expectedSize) {
            throw new RejectedException(entry, size > expectedSize
                    ? "more bytes than the declared size " + expectedSize
                    : "size mismatch: declared " + expectedSize + " bytes, got " + size);
        }
        if (expected != null && !expected.equals(actual)) {
            throw new RejectedException(entry, "sha256 mismatch: expected " + expected.hex() + ", got " + actual.hex());
        }
        return actual;
    }

    private static long copyLimited(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buf = new byte[1 << 16];
        long total = 0;
        long max = limit == Long.MAX_VALUE ? Long.MAX_VALUE : limit + 1;
        int n;
        while (total < max && (n = in.read(buf, 0, (int) Math.min(buf.length, max - total))) > 0) {
            out.write(buf, 0, n);
            total += n;
        }
        return total;
    }

    /** Publishes {@code path} with the given content description; replaces what was there. */
    public void putFile(CatalogPath path, Digest digest, long size, String mediaType, String family,
                        Map<String, String> metadata) {
        ensureOpen();
        files.put(path.value(), new FileEntry(digest, size, mediaType, family, store.now(), new TreeMap<>(metadata)));
        written.add(path.value());
    }

    public void removeFile(CatalogPath path) {
        ensureOpen();
        files.remove(path.value());
    }

    /** Removes every path under the directory {@code prefix} ("" = everything). */
    public void removeUnder(String prefix) {
        ensureOpen();
        files.keySet().removeIf(p -> CatalogPath.of(p).isUnder(prefix));
    }

    /** Adds to (or creates) an OCI repository: its tags replace same-named ones, manifests and blobs are added. */
    public void putRepository(String name, OciRepository repository) {
        ensureOpen();
        repositories.merge(name, repository, OciRepository::merge);
    }

    /** Drops every tag of repository {@code name}; its manifests stay only as retention allows ({@code --replace}). */
    public void removeTags(String name) {
        ensureOpen();
        repositories.computeIfPresent(name, (n, repo) -> repo.withoutTags());
    }

    /** A blob as this transaction sees it: staged by it, or already stored. */
    public InputStream openBlob(Digest digest) throws IOException {
        ensureOpen();
        Optional<InputStream> staged = staging.open(digest);
        return staged.isPresent() ? staged.get() : store.blobs().open(digest);
    }

    public void removeRepository(String name) {
        ensureOpen();
        repositories.remove(name);
    }

    public Optional<OciRepository> repository(String name) {
        return Optional.ofNullable(repositories.get(name));
    }

    /** The entry at {@code path} as this transaction would publish it. */
    public Optional<FileEntry> file(CatalogPath path) {
        return Optional.ofNullable(files.get(path.value()));
    }

    public SortedMap<String, FileEntry> files() {
        return java.util.Collections.unmodifiableSortedMap(files);
    }

    public SortedMap<String, OciRepository> repositories() {
        return java.util.Collections.unmodifiableSortedMap(repositories);
    }

    /**
     * Records {@code record} as the newest bundle of {@code channel} when this transaction commits,
     * also when the commit changes no content. Written before the generation becomes current, so
     * a crash can only leave the channel ahead of the content (a replay stays refused), never behind.
     */
    public void recordChannel(String channel, ChannelRecord record) {
        ensureOpen();
        channelUpdates.put(channel, record);
    }

    /** Bytes read through {@link #putBlob} so far. */
    public long bytesRead() {
        return bytesRead;
    }

    /** Publishes atomically. The result says whether a new generation was made. */
    public CommitResult commit() throws IOException {
        ensureOpen();
        try {
            java.time.Instant publishedAt = store.now();
            TreeMap<String, FileEntry> next = new TreeMap<>(files); // linear: files is sorted
            for (String path : written) {
                FileEntry now = next.get(path);
                if (now == null) continue; // removed again
                FileEntry before = base.files().get(path);
                // unchanged entries keep their original publish time; all others share this commit's
                next.put(path, before != null && before.sameContent(now) ? before
                        : new FileEntry(now.digest(), now.size(), now.mediaType(), now.family(), publishedAt, now.metadata()));
            }
            List<Long> existing = store.catalog().list();
            long number = (existing.isEmpty() ? 0 : existing.get(existing.size() - 1)) + 1;
            Generation candidate = new Generation(number, base.number(), publishedAt, origin, next, retained(publishedAt));
            ensureBlobsPresent(candidate);
            int newBlobs = staging.pending().size();
            if (candidate.sameContent(base)) {
                // nothing to publish, but blobs the current generation needs and lacks (quarantined
                // by verify) are restored from this verified input
                if (newBlobs > 0) {
                    store.catalog().writePlan(new TransactionPlan(id, base.number(), new ArrayList<>(staging.pending())));
                    staging.publish();
                    store.catalog().deletePlan(id);
                }
                writeChannels(base.number());
                return new CommitResult(base, false, newBlobs, bytesRead);
            }
            store.catalog().writePlan(new TransactionPlan(id, number, new ArrayList<>(staging.pending())));
            CrashPoints.reach("after-plan");
            staging.publish();
            CrashPoints.reach("after-blobs");
            try {
                store.catalog().write(candidate, id);
            } catch (ConcurrentPublishException raced) {
                store.catalog().deletePlan(id); // its blobs stay for gc: another writer may have uploaded the same ones
                throw raced;
            }
            CrashPoints.reach("after-generation");
            java.util.Map<String, ChannelRecord> channelsBefore = channelUpdates.isEmpty() ? null : store.catalog().channels();
            writeChannels(number);
            try {
                store.catalog().setCurrent(number, seen);
            } catch (ConcurrentPublishException raced) {
                // nothing of this transaction may stay visible: its generation and channel records go
                store.catalog().delete(number);
                if (channelsBefore != null) store.catalog().writeChannels(channelsBefore);
                store.catalog().deletePlan(id);
                throw raced;
            }
            CrashPoints.reach("after-pointer");
            store.catalog().deletePlan(id);
            return new CommitResult(candidate, true, newBlobs, bytesRead);
        } finally {
            close();
        }
    }

    /**
     * The repositories to publish: manifests new to a repository get this commit's time, and each
     * repository this transaction changed is trimmed by the store's retention policy.
     */
    private TreeMap<String, OciRepository> retained(java.time.Instant publishedAt) throws IOException {
        UntaggedRetention retention = new UntaggedRetention(store.retention(), this::openBlob);
        TreeMap<String, OciRepository> result = new TreeMap<>();
        for (Map.Entry<String, OciRepository> e : repositories.entrySet()) {
            OciRepository before = base.repositories().get(e.getKey());
            OciRepository repo = e.getValue();
            if (repo == before) {
                result.put(e.getKey(), repo);
                continue;
            }
            java.util.Set<String> fresh = new java.util.HashSet<>();
            TreeMap<String, OciRepository.OciManifest> stamped = new TreeMap<>();
            repo.manifests().forEach((d, m) -> {
                OciRepository.OciManifest old = before == null ? null : before.manifests().get(d);
                if (old == null) fresh.add(d);
                stamped.put(d, m.withPublishedAt(old == null ? publishedAt : old.publishedAt()));
            });
            OciRepository trimmed = retention.trim(e.getKey(), new OciRepository(repo.tags(), stamped, repo.blobs()), fresh);
            boolean emptied = trimmed.tags().isEmpty() && trimmed.manifests().isEmpty() && !repo.manifests().isEmpty();
            if (!emptied) result.put(e.getKey(), trimmed); // a repository retention emptied is no longer served
        }
        return result;
    }

    private void writeChannels(long generation) throws IOException {
        if (channelUpdates.isEmpty()) return;
        java.util.Map<String, ChannelRecord> all = store.catalog().channels();
        boolean changed = false;
        for (Map.Entry<String, ChannelRecord> e : channelUpdates.entrySet()) {
            ChannelRecord r = e.getValue();
            ChannelRecord before = all.get(e.getKey());
            // importing the same bundle again into the same generation leaves the record (and its first import time) alone
            if (before != null && before.bundleId().equals(r.bundleId()) && before.manifest().equals(r.manifest())
                    && before.generation() == generation) continue;
            all.put(e.getKey(), new ChannelRecord(r.bundleId(), r.created(), r.manifest(), r.signer(), r.importedAt(), generation));
            changed = true;
        }
        if (changed) store.catalog().writeChannels(all);
    }

    /**
     * Every reference resolves to a staged blob or a stored one of the declared size. Entries
     * carried over from the base generation were checked when it was published, so only new ones
     * are looked up on disk: a one-file import into a 100k-entry store must not stat 100k blobs.
     */
    private void ensureBlobsPresent(Generation candidate) throws IOException {
        java.util.Set<Digest> staged = staging.pending();
        for (Map.Entry<String, FileEntry> e : candidate.files().entrySet()) {
            FileEntry f = e.getValue();
            if (base.files().get(e.getKey()) != f) requirePresent(staged, new Generation.Reference(e.getKey(), f.digest(), f.size()));
        }
        Generation repositoriesOnly = new Generation(0, 0, candidate.createdAt(), "", Map.of(), candidate.repositories());
        java.util.Set<Generation.Reference> known = new java.util.HashSet<>(
                new Generation(0, 0, base.createdAt(), "", Map.of(), base.repositories()).references());
        for (Generation.Reference ref : repositoriesOnly.references()) {
            if (!known.contains(ref)) requirePresent(staged, ref);
        }
    }

    private void requirePresent(java.util.Set<Digest> staged, Generation.Reference ref) throws IOException {
        Digest d = ref.digest();
        if (staged.contains(d)) return;
        Optional<Long> size = store.blobs().size(d);
        if (size.isEmpty()) throw new RejectedException(ref.owner(), "blob " + d + " is neither stored nor imported");
        if (size.get() != ref.size()) {
            throw new RejectedException(ref.owner(), "declared size " + ref.size() + " but blob " + d
                    + " has " + size.get() + " bytes");
        }
    }

    private void ensureOpen() {
        if (finished) throw new IllegalStateException("transaction already finished");
    }

    /** Abandons the transaction if it was not committed; staged blobs are deleted. */
    @Override
    public void close() throws IOException {
        if (finished) return;
        finished = true;
        try {
            staging.close();
        } finally {
            lock.close();
        }
    }

    /**
     * @param generation the generation current after the commit
     * @param changed    false when the import changed nothing (a re-import)
     * @param newBlobs   blobs the store did not hold before (on an unchanged commit: blobs restored)
     * @param bytesRead  bytes read and verified
     */
    public record CommitResult(Generation generation, boolean changed, int newBlobs, long bytesRead) {
    }
}
