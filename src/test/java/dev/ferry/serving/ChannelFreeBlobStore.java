package dev.ferry.serving;

import dev.ferry.core.Digest;
import dev.ferry.store.BlobHandle;
import dev.ferry.store.BlobStaging;
import dev.ferry.store.BlobStore;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A blob store over another whose handles have no local channel, as an object-storage backend's
 * do, and which counts what is opened, read and closed.
 */
final class ChannelFreeBlobStore implements BlobStore {
    private final BlobStore files;
    final AtomicInteger handlesOpened = new AtomicInteger();
    final AtomicInteger openedForWholeRead = new AtomicInteger();
    final AtomicInteger handlesClosed = new AtomicInteger();
    final AtomicInteger streamsOpened = new AtomicInteger();
    final AtomicInteger streamsClosed = new AtomicInteger();
    final AtomicLong bytesRead = new AtomicLong();

    ChannelFreeBlobStore(BlobStore files) {
        this.files = files;
    }

    @Override
    public BlobHandle openHandleForWholeRead(Digest digest) throws IOException {
        openedForWholeRead.incrementAndGet();
        return openHandle(digest);
    }

    @Override
    public BlobHandle openHandle(Digest digest) throws IOException {
        BlobHandle handle = files.openHandle(digest);
        handlesOpened.incrementAndGet();
        return new BlobHandle() {
            private boolean closed;

            @Override
            public Digest digest() {
                return handle.digest();
            }

            @Override
            public long size() {
                return handle.size();
            }

            @Override
            public Optional<FileChannel> channel() {
                return Optional.empty();
            }

            @Override
            public InputStream read(long offset, long length) throws IOException {
                InputStream in = handle.read(offset, length);
                streamsOpened.incrementAndGet();
                return new FilterInputStream(in) {
                    private boolean streamClosed;

                    @Override
                    public int read() throws IOException {
                        int b = super.read();
                        if (b >= 0) bytesRead.incrementAndGet();
                        return b;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = super.read(b, off, len);
                        if (n > 0) bytesRead.addAndGet(n);
                        return n;
                    }

                    @Override
                    public synchronized void close() throws IOException {
                        if (streamClosed) return;
                        streamClosed = true;
                        streamsClosed.incrementAndGet();
                        super.close();
                    }
                };
            }

            @Override
            public synchronized void close() {
                if (closed) return;
                closed = true;
                handlesClosed.incrementAndGet();
                handle.close();
            }
        };
    }

    @Override
    public Optional<Long> size(Digest digest) throws IOException {
        return files.size(digest);
    }

    @Override
    public InputStream open(Digest digest) throws IOException {
        return files.open(digest);
    }

    @Override
    public BlobStaging staging(String transactionId) throws IOException {
        return files.staging(transactionId);
    }

    @Override
    public void discardAllStaging() throws IOException {
        files.discardAllStaging();
    }

    @Override
    public void delete(Digest digest) throws IOException {
        files.delete(digest);
    }

    @Override
    public void quarantine(Digest digest) throws IOException {
        files.quarantine(digest);
    }

    @Override
    public void forEach(Consumer<Digest> action) throws IOException {
        files.forEach(action);
    }

    @Override
    public void sync() throws IOException {
        files.sync();
    }
}
