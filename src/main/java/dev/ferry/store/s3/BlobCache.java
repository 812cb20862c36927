package dev.ferry.store.s3;

import dev.ferry.core.Digest;
import dev.ferry.store.BlobHandle;
import dev.ferry.store.FileBlobHandle;
import dev.ferry.store.FileTrees;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Small blobs copied from the bucket into local files, least recently used first out, bounded in
 * bytes. A copy is verified by hash before it is used, so the cache serves exactly what the bucket
 * held under that digest. An evicted file an open handle still reads stays readable (the open
 * descriptor pins it).
 */
final class BlobCache {
    private final Path dir;
    private final long maxBytes;
    private final long maxBlob;
    private final Map<Digest, Long> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    BlobCache(Path dir, long maxBytes) throws IOException {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.maxBlob = Math.max(1, maxBytes / 16); // one large blob must not wipe out the rest
        Files.createDirectories(dir);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                try {
                    Digest d = new Digest(f.getFileName().toString());
                    long size = Files.size(f);
                    entries.put(d, size);
                    bytes += size;
                } catch (IllegalArgumentException notACopy) {
                    Files.deleteIfExists(f); // an interrupted fill
                }
            }
        }
        evict();
    }

    boolean accepts(long size) {
        return size <= maxBlob;
    }

    /** The cached copy opened, if the cache holds one. */
    Optional<BlobHandle> open(Digest digest) throws IOException {
        synchronized (this) {
            if (entries.get(digest) == null) return Optional.empty(); // get, not containsKey: it marks the entry used
        }
        try {
            return Optional.of(FileBlobHandle.open(digest, dir.resolve(digest.hex())));
        } catch (NoSuchFileException evicted) {
            return Optional.empty();
        }
    }

    /** Copies {@code in} into the cache when its bytes hash to {@code digest}; false (nothing kept) otherwise. */
    boolean fill(Digest digest, InputStream in) throws IOException {
        Path temp = dir.resolve("fill-" + UUID.randomUUID());
        try {
            MessageDigest md = Digest.newMessageDigest();
            long size = 0;
            try (OutputStream out = Files.newOutputStream(temp)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                    out.write(buf, 0, n);
                    size += n;
                }
            }
            if (!Digest.of(md).equals(digest)) return false; // damaged in the bucket: verify reports it
            Files.move(temp, dir.resolve(digest.hex()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            synchronized (this) {
                Long before = entries.put(digest, size);
                bytes += size - (before == null ? 0 : before);
                evict();
            }
            return true;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Forgets a blob (deleted or quarantined in the bucket). */
    synchronized void remove(Digest digest) throws IOException {
        Long size = entries.remove(digest);
        if (size != null) bytes -= size;
        Files.deleteIfExists(dir.resolve(digest.hex()));
    }

    private void evict() throws IOException {
        Iterator<Map.Entry<Digest, Long>> oldest = entries.entrySet().iterator();
        while (bytes > maxBytes && oldest.hasNext()) {
            Map.Entry<Digest, Long> e = oldest.next();
            oldest.remove();
            bytes -= e.getValue();
            Files.deleteIfExists(dir.resolve(e.getKey().hex()));
        }
    }

    void clear() throws IOException {
        FileTrees.deleteRecursively(dir);
    }
}
