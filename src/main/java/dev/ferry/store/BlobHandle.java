package dev.ferry.store;

import dev.ferry.core.Digest;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.util.Optional;

/**
 * One stored blob, opened for reading. Holding the handle keeps the bytes readable for the rest
 * of a response even when gc or quarantine removes the blob meanwhile: on a file system the open
 * descriptor pins them, on object storage gc's grace period does.
 */
public interface BlobHandle extends Closeable {

    Digest digest();

    /** Size of the stored bytes, as found when the handle was opened. */
    long size();

    /** The open local file, for zero-copy serving; empty for a backend that holds no local copy. */
    Optional<FileChannel> channel();

    /**
     * Streams {@code length} bytes starting at {@code offset}. Blocking I/O: never call it on an
     * event loop. Each call is independent; several may be open at once (multipart ranges).
     */
    InputStream read(long offset, long length) throws IOException;

    /** Releases the handle; never fails (a read-only handle has nothing to flush). */
    @Override
    void close();
}
