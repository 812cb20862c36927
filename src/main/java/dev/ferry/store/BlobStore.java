package dev.ferry.store;

import dev.ferry.core.Digest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Content-addressed blob storage. A blob is stored under its SHA-256 digest, becomes visible only
 * once complete and durable, and is never rewritten. The file system is the only backend today;
 * the interface is what an object-storage backend would implement.
 */
public interface BlobStore {

    /** Size of the stored blob, or empty when the store does not hold it. */
    Optional<Long> size(Digest digest) throws IOException;

    default boolean contains(Digest digest) throws IOException {
        return size(digest).isPresent();
    }

    /** Opens the stored bytes for reading; fails with NoSuchFileException when absent. */
    InputStream open(Digest digest) throws IOException;

    /**
     * Opens the blob for serving; fails with NoSuchFileException when absent. Opening before
     * answering is what lets a request that started keep its bytes while gc runs.
     */
    BlobHandle openHandle(Digest digest) throws IOException;

    /** Starts a staging area for one transaction; nothing staged is visible until {@link BlobStaging#publish()}. */
    BlobStaging staging(String transactionId) throws IOException;

    /** Removes every staging area (used by recovery, under the store lock). */
    void discardAllStaging() throws IOException;

    void delete(Digest digest) throws IOException;

    /** Moves a damaged blob aside so nothing serves it and a re-import of the content can restore it. */
    void quarantine(Digest digest) throws IOException;

    void forEach(Consumer<Digest> action) throws IOException;

    /** Makes deletions and publications durable (directory sync where the backend needs it). */
    void sync() throws IOException;
}
