package dev.ferry.store.s3;

import dev.ferry.core.Digest;
import dev.ferry.store.BlobHandle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.util.Optional;

/**
 * A blob in the bucket: its size from a HEAD, its bytes from ranged GETs. Nothing pins the object
 * the way an open file is pinned; gc's grace period keeps it long enough for a download to finish.
 */
final class S3BlobHandle implements BlobHandle {
    private final S3Bucket bucket;
    private final String name;
    private final Digest digest;
    private final long size;

    S3BlobHandle(S3Bucket bucket, String name, Digest digest, long size) {
        this.bucket = bucket;
        this.name = name;
        this.digest = digest;
        this.size = size;
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
        return bucket.getRange(name, offset, length);
    }

    @Override
    public void close() {
        // nothing held between reads
    }
}
