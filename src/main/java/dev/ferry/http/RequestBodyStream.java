package dev.ferry.http;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * A request body as a blocking InputStream for an importer on a worker thread, with
 * back-pressure: the request is paused while more than {@link #HIGH_WATER} bytes wait, and
 * resumed once the reader has drained them below {@link #LOW_WATER}. At most about HIGH_WATER
 * plus one network read is ever held in memory, whatever the upload's size. More than
 * {@code limit} bytes, or a connection lost before the end, fail the next read.
 */
final class RequestBodyStream extends InputStream {
    static final int HIGH_WATER = 4 << 20;
    static final int LOW_WATER = 1 << 20;

    /** The upload exceeded the limit. */
    static final class TooLargeException extends IOException {
        TooLargeException(long limit) {
            super("upload exceeds the limit of " + limit + " bytes");
        }
    }

    private final HttpServerRequest request;
    private final Context context;
    private final long limit;
    private final ArrayDeque<Buffer> queue = new ArrayDeque<>();
    private int headOffset;
    private long queued;
    private long peakQueued;
    private long received;
    private boolean paused;
    private boolean ended;
    private IOException failure;
    private Runnable afterEnd;

    /** Takes over the request's data; call on its event loop, with the request paused. */
    RequestBodyStream(HttpServerRequest request, Context context, long limit) {
        this.request = request;
        this.context = context;
        this.limit = limit;
        request.handler(this::onData);
        request.endHandler(v -> onEnd());
        request.exceptionHandler(e -> fail(new IOException("upload interrupted: " + e.getMessage(), e)));
        request.resume();
    }

    private synchronized void onData(Buffer buffer) {
        received += buffer.length();
        if (received > limit) {
            if (!(failure instanceof TooLargeException)) failure = new TooLargeException(limit);
            queue.clear();
            request.pause();
            notifyAll();
            runAfterEnd();
            return;
        }
        if (failure != null) return; // closed by the reader: the rest is drained and dropped
        queue.add(buffer);
        queued += buffer.length();
        peakQueued = Math.max(peakQueued, queued);
        if (!paused && queued >= HIGH_WATER) {
            paused = true;
            request.pause();
        }
        notifyAll();
    }

    private synchronized void onEnd() {
        String declared = request.getHeader("Content-Length");
        if (declared != null && failure == null && !declared.equals(Long.toString(received))) {
            // a connection cut short must never look like a complete (shorter) upload
            failure = new IOException("upload ended after " + received + " of " + declared + " bytes");
        }
        ended = true;
        notifyAll();
        runAfterEnd();
    }

    /**
     * Runs {@code action} on the event loop once the client has sent its whole body (at once when it
     * has, or when the body outgrew the limit or the connection failed). A refusal answered only then
     * reaches clients that read no response before they finished sending, as HttpURLConnection does.
     */
    synchronized void afterEnd(Runnable action) {
        afterEnd = action;
        if (ended || failure instanceof TooLargeException || request.isEnded()) runAfterEnd();
    }

    private void runAfterEnd() {
        Runnable action = afterEnd;
        afterEnd = null;
        if (action != null) context.runOnContext(v -> action.run());
    }

    private synchronized void fail(IOException e) {
        if (failure == null && !ended) failure = e;
        notifyAll();
        runAfterEnd();
    }

    /** Bytes received so far. */
    synchronized long received() {
        return received;
    }

    /** The most bytes ever waiting for the reader at once. */
    synchronized long peakQueued() {
        return peakQueued;
    }

    synchronized boolean tooLarge() {
        return failure instanceof TooLargeException;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        while (queue.isEmpty() && !ended && failure == null) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for upload data", e);
            }
        }
        if (failure != null) throw failure;
        if (queue.isEmpty()) return -1;
        Buffer head = queue.peek();
        int n = Math.min(len, head.length() - headOffset);
        head.getBytes(headOffset, headOffset + n, b, off);
        headOffset += n;
        queued -= n;
        if (headOffset == head.length()) {
            queue.poll();
            headOffset = 0;
        }
        if (paused && queued <= LOW_WATER) {
            paused = false;
            context.runOnContext(v -> request.resume());
        }
        return n;
    }

    /** Stops taking data: whatever else arrives (up to the limit) is read and dropped. */
    @Override
    public synchronized void close() {
        if (failure == null) failure = new IOException("upload stream closed");
        queue.clear();
        queued = 0;
        if (paused) {
            paused = false;
            context.runOnContext(v -> request.resume());
        }
    }
}
