package dev.ferry.store;

import dev.ferry.core.Digest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Content-addressed blob storage. A blob is stored under its SHA-256 digest, becomes visible only
 * once complete and durable, and is never rewritten. Backends: the local file system, and
 * S3-compatible object storage ({@code dev.ferry.store.s3}).
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

    /**
     * {@link #openHandle} for a caller that reads the whole blob from its start next. A backend
     * where finding the size is a request of its own (object storage) may start that read in the
     * same request; the handle still serves any other read.
     */
    default BlobHandle openHandleForWholeRead(Digest digest) throws IOException {
        return openHandle(digest);
    }

    /**
     * Lets a server GET blobs over HTTP itself, without opening a handle; empty for a backend that
     * keeps local files (they go out with sendfile) or cannot presign.
     */
    default Optional<RemoteReads> remoteReads() {
        return Optional.empty();
    }

    /** Starts a staging area for one transaction; nothing staged is visible until {@link BlobStaging#publish()}. */
    BlobStaging staging(String transactionId) throws IOException;

    /** Removes every staging area (used by recovery, under the store lock). */
    void discardAllStaging() throws IOException;

    void delete(Digest digest) throws IOException;

    /**
     * Deletes a blob no generation references (gc, recovery). False when the backend leaves it for
     * a later gc: on object storage nothing pins an object a download is reading, so only objects
     * older than a grace period go.
     */
    default boolean collect(Digest digest) throws IOException {
        delete(digest);
        return true;
    }

    /** Moves a damaged blob aside so nothing serves it and a re-import of the content can restore it. */
    void quarantine(Digest digest) throws IOException;

    void forEach(Consumer<Digest> action) throws IOException;

    /**
     * Every stored blob with its size. Backends that learn sizes while listing (object storage)
     * override it: asking for each size separately would cost a request per blob.
     */
    default void forEachSized(java.util.function.BiConsumer<Digest, Long> action) throws IOException {
        java.io.UncheckedIOException[] failure = {null};
        forEach(d -> {
            if (failure[0] != null) return;
            try {
                size(d).ifPresent(size -> action.accept(d, size)); // a blob collected meanwhile is skipped
            } catch (IOException e) {
                failure[0] = new java.io.UncheckedIOException(e);
            }
        });
        if (failure[0] != null) throw failure[0].getCause();
    }

    /** Makes deletions and publications durable (directory sync where the backend needs it). */
    void sync() throws IOException;
}
