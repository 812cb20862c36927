package dev.ferry.http;

import dev.ferry.importer.ImportInput;
import dev.ferry.importer.ImportSink;
import dev.ferry.importer.Importer;
import dev.ferry.store.CatalogPath;
import dev.ferry.core.Digest;
import dev.ferry.core.RejectedException;
import dev.ferry.store.Store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Map;

/**
 * A stand-in upload format for tests of the admin plumbing: the body is published as
 * {@code uploads/<n>.bin}; a body starting with "BAD" is rejected after being read to its end,
 * as a signature failure would be. {@code delayPerRead} slows the importer down.
 */
public final class RawUploads implements UploadImporter {
    private final Store store;
    private final long delayPerReadMillis;
    private int count;

    public RawUploads(Store store, long delayPerReadMillis) {
        this.store = store;
        this.delayPerReadMillis = delayPerReadMillis;
    }

    @Override
    public dev.ferry.importer.ImportReport importStream(InputStream upload, String source, java.util.function.LongConsumer progress)
            throws IOException {
        int n = ++count;
        return new Importer(store).run(new ImportInput() {
            @Override
            public String describe() {
                return source;
            }

            @Override
            public void stage(ImportSink sink) throws IOException {
                PushbackInputStream in = new PushbackInputStream(slow(upload), 3);
                byte[] head = in.readNBytes(3);
                in.unread(head);
                long[] size = {0};
                InputStream counted = new FilterInputStream(in) {
                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int r = super.read(b, off, len);
                        if (r > 0) size[0] += r;
                        return r;
                    }
                };
                Digest d = sink.putBlob("upload", () -> counted, null, -1);
                if (new String(head).equals("BAD")) throw new RejectedException("upload", "not a valid bundle");
                sink.putFile(CatalogPath.of("uploads/" + n + ".bin"), d, size[0], "application/octet-stream", "file", Map.of());
            }
        }, progress);
    }

    private InputStream slow(InputStream in) {
        if (delayPerReadMillis == 0) return in;
        return new FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    Thread.sleep(delayPerReadMillis);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                return super.read(b, off, Math.min(len, 64 * 1024));
            }
        };
    }
}
