package dev.ferry.store;

import dev.ferry.core.Digest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/** A blob held open as a local file; the descriptor pins the bytes until closed. */
public final class FileBlobHandle implements BlobHandle {
    private final Digest digest;
    private final FileChannel channel;
    private final long size;

    private FileBlobHandle(Digest digest, FileChannel channel, long size) {
        this.digest = digest;
        this.channel = channel;
        this.size = size;
    }

    /** Opens {@code file} (never through a link); fails with NoSuchFileException when absent. */
    public static FileBlobHandle open(Digest digest, Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        try {
            return new FileBlobHandle(digest, channel, channel.size());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
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
        return Optional.of(channel);
    }

    @Override
    public InputStream read(long offset, long length) throws IOException {
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new IOException("range " + offset + "+" + length + " is outside blob " + digest + " of " + size + " bytes");
        }
        // positional reads on a shared channel: several streams over one handle do not disturb each other
        return Channels.newInputStream(new PositionalReader(channel, offset, length));
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only descriptor: nothing to flush, nothing to lose
        }
    }

    /** A readable window of a file channel that reads with explicit positions. */
    private static final class PositionalReader implements java.nio.channels.ReadableByteChannel {
        private final FileChannel channel;
        private long position;
        private long remaining;
        private boolean open = true;

        PositionalReader(FileChannel channel, long offset, long length) {
            this.channel = channel;
            this.position = offset;
            this.remaining = length;
        }

        @Override
        public int read(java.nio.ByteBuffer dst) throws IOException {
            if (remaining == 0) return -1;
            java.nio.ByteBuffer window = dst.remaining() > remaining ? dst.slice().limit((int) remaining) : dst;
            int n = channel.read(window, position);
            if (n < 0) throw new java.io.EOFException("blob ended " + remaining + " bytes early");
            if (window != dst) dst.position(dst.position() + n);
            position += n;
            remaining -= n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false; // the handle owns the channel
        }
    }
}
