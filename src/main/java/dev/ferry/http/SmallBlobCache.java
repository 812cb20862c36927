package dev.ferry.http;

import dev.ferry.core.Digest;
import dev.ferry.store.DamagedBlobException;
import dev.ferry.store.BlobHandle;
import dev.ferry.store.DamagedBlobException;
import io.vertx.core.buffer.Buffer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Small blobs kept in memory, so the most requested files (indexes, checksum files, small
 * manifests) cost one socket write instead of an open, a read and a close. Blobs are
 * content-addressed and never rewritten, so a copy can never be stale; each is checked against
 * its digest on the way in, so damaged bytes on disk are never copied into memory. Bounded per
 * entry and in total; emptied whenever a new generation is served.
 */
final class SmallBlobCache {
    static final int MAX_ENTRY_BYTES = 64 * 1024;

    private final long maxBytes;
    private final ConcurrentHashMap<Digest, Buffer> blobs = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();

    SmallBlobCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The cached bytes of a blob, or null. */
    Buffer get(Digest digest) {
        return blobs.get(digest);
    }

    /**
     * Reads a small blob from its open handle (blocking: call it off the event loop) and keeps it;
     * null when it is too big. Bytes that do not hash to the digest are refused: a damaged small
     * blob is never served, whether or not verify has found it yet.
     */
    Buffer load(BlobHandle handle, long size) throws IOException {
        if (size > MAX_ENTRY_BYTES) return null;
        Digest digest = handle.digest();
        byte[] content;
        try (InputStream in = handle.read(0, size)) {
            content = in.readNBytes((int) size);
        }
        if (content.length != size) throw new EOFException("stored blob is shorter than catalogued");
        MessageDigest md = Digest.newMessageDigest();
        md.update(content);
        if (!Digest.of(md).equals(digest)) throw new DamagedBlobException("stored blob " + digest + " is damaged (its bytes hash differently)");
        Buffer buffer = Buffer.buffer(content);
        if (bytes.addAndGet(size) <= maxBytes) {
            if (blobs.putIfAbsent(digest, buffer) != null) bytes.addAndGet(-size);
        } else {
            bytes.addAndGet(-size);
        }
        return buffer;
    }

    void clear() {
        blobs.clear();
        bytes.set(0);
    }
}
