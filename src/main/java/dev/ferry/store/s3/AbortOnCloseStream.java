package dev.ferry.store.s3;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.io.FilterInputStream;
import java.io.IOException;

/**
 * An object's body that, closed before its end (a client that went away mid-download), drops the
 * connection instead of letting the HTTP client read the rest of a possibly huge object just to
 * reuse the connection. A body read to its announced length is at its end: closing it keeps the
 * connection for the next request, since a reader that asked for exactly that many bytes never
 * reads the end-of-stream marker.
 */
final class AbortOnCloseStream extends FilterInputStream {
    private final ResponseInputStream<GetObjectResponse> response;
    private long remaining;

    AbortOnCloseStream(ResponseInputStream<GetObjectResponse> response) {
        super(response);
        this.response = response;
        Long length = response.response().contentLength();
        this.remaining = length == null ? Long.MAX_VALUE : length;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        remaining = b < 0 ? 0 : remaining - 1;
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        remaining = n < 0 ? 0 : remaining - n;
        return n;
    }

    @Override
    public void close() throws IOException {
        if (remaining > 0) response.abort();
        super.close();
    }
}
