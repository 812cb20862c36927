package dev.ferry.store;

import dev.ferry.core.Digest;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/** Blobs written for one transaction: hashed while written, durable, invisible until published. */
public interface BlobStaging extends Closeable {

    /**
     * Copies {@code in} to a staging file while hashing it. Reads at most {@code maxBytes + 1}
     * bytes so that a stream longer than announced is detected without reading it all.
     * A blob the store already holds is not staged again.
     */
    StagedBlob write(InputStream in, long maxBytes) throws IOException;

    /**
     * Whether the store holds {@code digest} well enough for this transaction to reference it
     * without staging its bytes again ({@link #write} skips such blobs too). On a store several
     * writers share, a blob that exists but that the generation this transaction builds on does
     * not reference may be collected by another writer's gc at any moment: not held.
     */
    default boolean holds(Digest digest) throws IOException {
        return false;
    }

    /** Digests staged by this transaction that the store does not hold yet. */
    Set<Digest> pending();

    /** Reads a pending blob before it is published; empty when this staging does not hold it. */
    default java.util.Optional<InputStream> open(Digest digest) throws IOException {
        return java.util.Optional.empty();
    }

    /** Moves every pending blob into the store and makes that durable. */
    void publish() throws IOException;

    /** Removes whatever was staged and not published. */
    @Override
    void close() throws IOException;

    /** Result of one staged write; {@code size} may exceed the limit given, which the caller reports. */
    record StagedBlob(Digest digest, long size) {
    }
}
