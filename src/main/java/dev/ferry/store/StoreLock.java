package dev.ferry.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exclusive writer lock on a store, across processes (an OS file lock) and within this JVM (which
 * OS file locks do not cover). Readers never take it: they only follow the current pointer.
 */
public final class StoreLock implements AutoCloseable {
    private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private StoreLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock without waiting; empty when another writer holds it. */
    public static Optional<StoreLock> tryAcquire(Path storeRoot) throws IOException {
        Path key = storeRoot.toAbsolutePath().normalize();
        if (!HELD_IN_THIS_JVM.add(key)) return Optional.empty();
        FileChannel ch = null;
        try {
            // never through a link: truncating and writing the pid would land in whatever it points at
            ch = FileChannel.open(key.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            FileLock lock = ch.tryLock();
            if (lock == null) {
                ch.close();
                HELD_IN_THIS_JVM.remove(key);
                return Optional.empty();
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
            return Optional.of(new StoreLock(key, ch, lock));
        } catch (IOException | RuntimeException e) {
            if (ch != null) ch.close();
            HELD_IN_THIS_JVM.remove(key);
            if (Files.isSymbolicLink(key.resolve("lock"))) {
                throw new IOException(key.resolve("lock") + " is a symbolic link; a store's lock must be a regular file");
            }
            throw e;
        }
    }

    /** Takes the lock or fails with a message naming the holder. */
    public static StoreLock acquire(Path storeRoot) throws IOException {
        Optional<StoreLock> lock = tryAcquire(storeRoot);
        if (lock.isPresent()) return lock.get();
        String holder = "";
        try {
            holder = Files.readString(storeRoot.resolve("lock"), StandardCharsets.US_ASCII).trim();
        } catch (IOException ignored) {
            // the message is still clear without the pid
        }
        throw new StoreBusyException("store " + storeRoot + " is busy: another import, rollback or gc is running"
                + (holder.isEmpty() ? "" : " (process " + holder + ")"));
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
            channel.close();
        } finally {
            HELD_IN_THIS_JVM.remove(key);
        }
    }

    /** Another writer holds the store. */
    public static final class StoreBusyException extends IOException {
        public StoreBusyException(String message) {
            super(message);
        }
    }
}
