package dev.ferry.oci;

import dev.ferry.core.Digest;
import dev.ferry.store.BlobHandle;
import dev.ferry.store.BlobStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Manifest bytes kept in memory: manifests are small and asked for on every pull and every
 * follower tick. Content is addressed by digest, so an entry never goes stale; each is hashed
 * once when loaded (off the event loop) and a damaged stored copy is never cached or served.
 */
final class ManifestCache {
    private final long maxBytes;
    private final Map<Digest, Buffer> entries = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();

    ManifestCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * The manifest's verified bytes: from memory, else read through a handle opened off the event
     * loop (fails with NoSuchFileException when the blob is gone). Buffers are only read (each
     * write takes its own slice), so one is shared by every event loop.
     */
    Future<Buffer> get(Vertx vertx, BlobStore blobs, Digest digest, long size) {
        Buffer cached = entries.get(digest);
        if (cached != null) return Future.succeededFuture(cached);
        return vertx.executeBlocking(() -> {
            byte[] content;
            try (BlobHandle handle = blobs.openHandleForWholeRead(digest)) {
                if (handle.size() != size) throw new IOException("stored manifest " + digest + " has " + handle.size() + " bytes, not " + size);
                try (InputStream in = handle.read(0, size)) {
                    content = in.readNBytes((int) size);
                }
            }
            if (content.length != size || !Digest.ofBytes(content).equals(digest)) {
                throw new IOException("stored manifest " + digest + " is damaged");
            }
            Buffer buffer = Buffer.buffer(content);
            if (bytes.addAndGet(content.length) > maxBytes || entries.putIfAbsent(digest, buffer) != null) {
                bytes.addAndGet(-content.length);
            }
            return buffer;
        }, false);
    }
}
