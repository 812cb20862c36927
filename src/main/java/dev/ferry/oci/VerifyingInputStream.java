package dev.ferry.oci;

import dev.ferry.core.Digest;
import dev.ferry.core.RejectedException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Hashes what passes through and, at end of stream, refuses content that does not match the
 * expected digest and size, so a reader never acts on bytes other than the ones a digest names.
 */
final class VerifyingInputStream extends FilterInputStream {
    private final Digest expected;
    private final long expectedSize;
    private final String entry;
    private final MessageDigest md = Digest.newMessageDigest();
    private long count;
    private boolean checked;

    VerifyingInputStream(InputStream in, Digest expected, long expectedSize, String entry) {
        super(in);
        this.expected = expected;
        this.expectedSize = expectedSize;
        this.entry = entry;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            md.update(b, off, n);
            count += n;
            if (count > expectedSize) throw new RejectedException(entry, "more bytes than the declared size " + expectedSize);
        } else if (n < 0) {
            check();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[8192];
        long done = 0;
        while (done < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - done));
            if (r < 0) break;
            done += r;
        }
        return done;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void check() throws RejectedException {
        if (checked) return;
        checked = true;
        if (count != expectedSize) throw new RejectedException(entry, "size mismatch: declared " + expectedSize + " bytes, got " + count);
        Digest actual = Digest.of(md);
        if (!actual.equals(expected)) {
            throw new RejectedException(entry, "sha256 mismatch: expected " + expected.hex() + ", got " + actual.hex());
        }
    }
}
