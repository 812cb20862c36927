package dev.ferry.store;

import dev.ferry.core.RejectedException;

import dev.ferry.core.Digest;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Puts back blobs the kept generations reference but the store lacks (quarantined by verify, or
 * lost), from verified content, without touching the catalog: no generation is written, no tag or
 * path moves, no channel record changes. Holds the store lock until closed.
 */
public final class BlobRepair implements Closeable {
    private final Store store;
    private final StoreLock lock;
    private final BlobStaging staging;
    private final Map<Digest, String> needed = new TreeMap<>(); // digest → a path or repository@digest that needs it
    private final Set<Digest> restored = new TreeSet<>();

    private BlobRepair(Store store, StoreLock lock, BlobStaging staging) {
        this.store = store;
        this.lock = lock;
        this.staging = staging;
    }

    public static BlobRepair begin(Store store) throws IOException {
        StoreLock lock = StoreLock.acquire(store.root());
        try {
            store.recover();
            BlobRepair repair = new BlobRepair(store, lock, store.blobs().staging("repair-" + UUID.randomUUID()));
            Set<Digest> stored = store.storedSizes().keySet();
            for (long n : store.catalog().list()) {
                for (Generation.Reference ref : store.catalog().read(n).references()) {
                    if (!stored.contains(ref.digest())) repair.needed.putIfAbsent(ref.digest(), ref.owner());
                }
            }
            return repair;
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** Missing blobs some kept generation references, with one path or repository that needs each. */
    public Map<Digest, String> needed() {
        return Collections.unmodifiableMap(needed);
    }

    public boolean needs(Digest digest) {
        return needed.containsKey(digest) && !restored.contains(digest);
    }

    /** Stages {@code in} as {@code expected}, refusing bytes that hash differently or have another size. */
    public void restore(String entry, InputStream in, Digest expected, long expectedSize) throws IOException {
        BlobStaging.StagedBlob staged = staging.write(in, expectedSize >= 0 ? expectedSize : Long.MAX_VALUE);
        if (!staged.digest().equals(expected)) {
            throw new RejectedException(entry, "sha256 mismatch: expected " + expected.hex() + ", got " + staged.digest().hex());
        }
        if (expectedSize >= 0 && staged.size() != expectedSize) {
            throw new RejectedException(entry, "size mismatch: declared " + expectedSize + " bytes, got " + staged.size());
        }
        restored.add(expected);
    }

    /** Makes the restored blobs visible and durable and journals the repair; returns what is still missing. */
    public Map<Digest, String> finish(String source) throws IOException {
        staging.publish();
        Map<Digest, String> missing = new TreeMap<>(needed);
        missing.keySet().removeAll(restored);
        store.journal().append(new JournalEntry(Instant.now(), "repair", missing.isEmpty() ? JournalEntry.SUCCESS : JournalEntry.FAILURE,
                source, missing.isEmpty() ? "" : missing.size() + " blobs still missing", store.current().number(),
                Map.of("restored", Integer.toString(restored.size()), "missing", Integer.toString(missing.size()))));
        return missing;
    }

    public Set<Digest> restored() {
        return Collections.unmodifiableSet(restored);
    }

    @Override
    public void close() throws IOException {
        try {
            staging.close();
        } finally {
            lock.close();
        }
    }
}
