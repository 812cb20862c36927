package dev.ferry.bundle;

import dev.ferry.core.Reasons;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads (and so decompresses, and hashes the raw bytes of) the bundle on a second thread while the
 * caller parses, hashes and writes what was already read: the two halves of an import run on two
 * cores instead of one after the other. Memory is bounded by {@code DEPTH} chunks. Failures of the
 * producing side reach the reader in stream order, as the exception the producer saw.
 */
final class ReadAheadInputStream extends InputStream {
    private static final int CHUNK = 1 << 20;
    private static final int DEPTH = 4;

    private final InputStream in;
    private final BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(DEPTH + 1);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(DEPTH);
    private final Thread producer;
    private Chunk current;
    private int position;
    private boolean ended;

    private record Chunk(byte[] data, int length, IOException error) {
    }

    ReadAheadInputStream(InputStream in, String name) {
        this.in = in;
        for (int i = 0; i < DEPTH; i++) free.add(new byte[CHUNK]);
        producer = new Thread(this::produce, name);
        producer.setDaemon(true);
        producer.start();
    }

    private void produce() {
        try {
            while (true) {
                byte[] buf = free.take();
                int n = in.readNBytes(buf, 0, CHUNK);
                if (n > 0) filled.put(new Chunk(buf, n, null));
                if (n < CHUNK) {
                    filled.put(new Chunk(null, -1, null));
                    return;
                }
            }
        } catch (IOException e) {
            filled.offer(new Chunk(null, -1, e));
        } catch (RuntimeException e) {
            filled.offer(new Chunk(null, -1, new IOException(Reasons.of(e), e)));
        } catch (InterruptedException e) {
            // closed by the reader
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (current == null || position == current.length()) {
            if (ended) return -1;
            if (current != null) free.add(current.data());
            try {
                current = filled.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading the bundle");
            }
            position = 0;
            if (current.error() != null) {
                ended = true;
                throw current.error();
            }
            if (current.data() == null) {
                ended = true;
                return -1;
            }
        }
        int n = Math.min(len, current.length() - position);
        System.arraycopy(current.data(), position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        producer.interrupt();
        try {
            producer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        in.close();
    }
}
