package dev.ferry.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The work of staging one transaction's blobs, spread over threads so that an import is bound by
 * the disk rather than by one core: while this thread reads the next chunk and writes it, a second
 * thread hashes it (SHA-256 is the costliest step), and each finished blob is fsynced on a small
 * pool while the next blobs stream in, a bounded number at a time. {@link #awaitSyncs()} is the
 * barrier before anything is published, so durability is the same as fsyncing each blob in line.
 */
final class StagingPipeline implements AutoCloseable {
    static final int CHUNK = 1 << 20;
    private static final int CHUNKS = 3;

    private final byte[][] buffers = new byte[CHUNKS][];
    /** Concurrent fsyncs: enough for ext4 to group-commit many small files, few enough to stay cheap. */
    static final int SYNC_THREADS = 16;
    /** Staged files (and so descriptors) at most waiting for their fsync. */
    static final int SYNC_WINDOW = 128;

    private final int syncWindow;
    private final ArrayDeque<Future<?>> syncs = new ArrayDeque<>();
    private ExecutorService hasher;
    private ExecutorService syncer;

    StagingPipeline() {
        this(SYNC_WINDOW);
    }

    StagingPipeline(int syncWindow) {
        if (syncWindow < 1) throw new IllegalArgumentException("sync window must be at least 1");
        this.syncWindow = syncWindow;
    }

    /**
     * Copies at most {@code limit} bytes of {@code in} to {@code out}, feeding them to {@code md} on
     * the hashing thread; returns the byte count once both writing and hashing are done.
     */
    long copy(InputStream in, FileChannel out, MessageDigest md, long limit) throws IOException {
        if (hasher == null) {
            hasher = Executors.newSingleThreadExecutor(daemon("ferry-staging-hash"));
            for (int i = 0; i < CHUNKS; i++) buffers[i] = new byte[CHUNK];
        }
        Future<?>[] hashing = new Future<?>[CHUNKS];
        long total = 0;
        try {
            for (int k = 0; total < limit; k = (k + 1) % CHUNKS) {
                if (hashing[k] != null) hashing[k].get(); // buffer k is free once its bytes are hashed
                byte[] buf = buffers[k];
                int n = in.readNBytes(buf, 0, (int) Math.min(CHUNK, limit - total));
                if (n == 0) break;
                hashing[k] = hasher.submit(() -> md.update(buf, 0, n));
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                while (bb.hasRemaining()) out.write(bb);
                total += n;
                if (n < CHUNK && total < limit) break; // end of stream
            }
            for (Future<?> f : hashing) {
                if (f != null) f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while staging");
        } catch (ExecutionException e) {
            throw new IOException("hashing failed: " + e.getCause(), e.getCause());
        } finally {
            // after a failure, drop the queued hash tasks; one already running only feeds a digest that is discarded
            for (Future<?> f : hashing) {
                if (f != null) f.cancel(false);
            }
        }
        return total;
    }

    /**
     * fsyncs and closes {@code channel} on the sync pool. At most {@link #syncWindow} staged files
     * wait for their fsync at once (each holds a descriptor): when the window is full, this waits
     * for the oldest. Several fsyncs in flight let the file system commit them together.
     */
    void syncAndClose(FileChannel channel) throws IOException {
        if (syncer == null) syncer = Executors.newFixedThreadPool(SYNC_THREADS, daemon("ferry-staging-fsync"));
        try {
            while (syncs.size() >= syncWindow) awaitOldest();
            syncs.addLast(syncer.submit(() -> {
                try (channel) {
                    channel.force(true);
                }
                return null;
            }));
        } catch (IOException | RuntimeException e) {
            channel.close(); // an earlier blob failed its fsync, or the pool is closing: this one is never synced
            throw e;
        }
    }

    /** Waits until every blob handed to {@link #syncAndClose} is durable; rethrows the first failure. */
    void awaitSyncs() throws IOException {
        while (!syncs.isEmpty()) awaitOldest();
    }

    private void awaitOldest() throws IOException {
        Future<?> oldest = syncs.pollFirst();
        try {
            oldest.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while syncing staged blobs");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    @Override
    public void close() {
        if (hasher != null) hasher.shutdownNow();
        if (syncer != null) {
            syncer.shutdown(); // queued syncs still run and close their files
            while (!syncs.isEmpty()) {
                try {
                    awaitOldest();
                } catch (IOException ignored) {
                    // the staged files are deleted next; their durability no longer matters
                }
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
