package dev.ferry.store.s3;

import software.amazon.awssdk.core.ResponseInputStream;

import java.io.FilterInputStream;
import java.io.IOException;

/**
 * An object's body that, closed before its end (a client that went away mid-download), drops the
 * connection instead of letting the HTTP client read the rest of a possibly huge object just to
 * reuse the connection.
 */
final class AbortOnCloseStream extends FilterInputStream {
    private final ResponseInputStream<?> response;
    private boolean ended;

    AbortOnCloseStream(ResponseInputStream<?> response) {
        super(response);
        this.response = response;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) ended = true;
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) ended = true;
        return n;
    }

    @Override
    public void close() throws IOException {
        if (!ended) response.abort();
        super.close();
    }
}
