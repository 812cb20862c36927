package dev.ferry.fetch;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.Digest;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The download cache: {@code blobs/sha256/<hex>} holds complete verified bodies, {@code partial/<key>} an
 * interrupted download with {@code <key>.json} saying where it came from. One lock per key (a file lock between
 * processes, a plain lock between threads, as file locks are per process) lets two runs share the cache.
 */
public final class DownloadCache {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ConcurrentHashMap<Path, ReentrantLock> THREAD_LOCKS = new ConcurrentHashMap<>();

    /** What a partial download was fetched from, so that a resume asks for the same representation. */
    public record Sidecar(String url, String etag, String lastModified, long bytes) {
    }

    private final Path root;

    public DownloadCache(Path root) {
        this.root = root.toAbsolutePath();
    }

    public Path root() {
        return root;
    }

    public Path blobPath(Digest d) {
        return root.resolve("blobs/sha256").resolve(d.hex());
    }

    /** The complete body with this digest, if cached. */
    public Optional<Path> blob(Digest d) {
        Path p = blobPath(d);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    Path partial(String key) {
        return root.resolve("partial").resolve(key);
    }

    Optional<Sidecar> sidecar(String key) {
        Path p = partial(key + ".json");
        try {
            return Files.isRegularFile(p) ? Optional.of(JSON.readValue(p.toFile(), Sidecar.class)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // a torn sidecar only costs a restart from zero
        }
    }

    void writeSidecar(String key, Sidecar s) throws IOException {
        writeAtomically(partial(key + ".json"), JSON.writeValueAsBytes(s));
    }

    void discard(String key) throws IOException {
        Files.deleteIfExists(partial(key));
        Files.deleteIfExists(partial(key + ".json"));
    }

    /** Moves the verified partial body of {@code key} to its digest's place; an existing copy wins. */
    Path commit(String key, Digest d) throws IOException {
        Path src = partial(key);
        try (FileChannel ch = FileChannel.open(src, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Path dst = blobPath(d);
        Files.createDirectories(dst.getParent());
        try {
            Files.move(src, dst, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(src);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the cache " + root + " must be on one file system", e);
        }
        Files.deleteIfExists(partial(key + ".json"));
        fsyncDir(dst.getParent());
        return dst;
    }

    /** Holds {@code key} against other threads and processes until closed. */
    AutoCloseable lock(String key) throws IOException {
        Path lockFile = partial(key + ".lock");
        Files.createDirectories(lockFile.getParent());
        ReentrantLock local = THREAD_LOCKS.computeIfAbsent(lockFile, k -> new ReentrantLock());
        local.lock();
        try {
            FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock fl;
            try {
                fl = ch.lock();
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            return () -> {
                try {
                    fl.release();
                } finally {
                    ch.close();
                    local.unlock();
                }
            };
        } catch (IOException | RuntimeException e) {
            local.unlock();
            throw e;
        }
    }

    static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            fsyncDir(file.getParent());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void fsyncDir(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // not every file system lets a directory be synced; the rename itself is still atomic
        }
    }

    static String keyOf(String text) {
        return Digest.ofBytes(text.getBytes(StandardCharsets.UTF_8)).hex();
    }
}
