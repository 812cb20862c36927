package dev.ferry.store.s3;

import dev.ferry.core.Digest;
import dev.ferry.store.BlobHandle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A blob in the bucket: its size from the request that opened it, its bytes from GETs. Nothing
 * pins the object the way an open file is pinned; gc's grace period keeps it long enough for a
 * download to finish.
 */
final class S3BlobHandle implements BlobHandle {
    private final S3Bucket bucket;
    private final String name;
    private final Digest digest;
    private final long size;
    /** The body of a whole-object GET made on opening, until a read of the whole blob takes it. */
    private final AtomicReference<InputStream> started;

    /** A handle opened with a HEAD: every read is a GET of its own. */
    S3BlobHandle(S3Bucket bucket, String name, Digest digest, long size) {
        this(bucket, name, digest, size, null);
    }

    /** A handle opened with a GET of the whole object: the first read of the whole blob is that GET's body. */
    S3BlobHandle(S3Bucket bucket, String name, Digest digest, long size, InputStream startedBody) {
        this.bucket = bucket;
        this.name = name;
        this.digest = digest;
        this.size = size;
        this.started = new AtomicReference<>(startedBody);
    }

    @Override
    public Digest digest() {
        return digest;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public Optional<FileChannel> channel() {
        return Optional.empty();
    }

    @Override
    public InputStream read(long offset, long length) throws IOException {
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new IOException("range " + offset + "+" + length + " is outside blob " + digest + " of " + size + " bytes");
        }
        if (offset == 0 && length == size) {
            InputStream body = started.getAndSet(null);
            if (body != null) return body;
        }
        return bucket.getRange(name, offset, length);
    }

    /**
     * Drops a started body nobody read: its connection goes with it (reading a large rest to keep
     * it would cost more). Aborting closes the socket without waiting on the network, so this may
     * run on an event loop, as a responder closing the handle after an answer without a body does.
     */
    @Override
    public void close() {
        InputStream unread = started.getAndSet(null);
        if (unread == null) return;
        try {
            unread.close();
        } catch (IOException ignored) {
            // an aborted body has nothing left to report
        }
    }
}
