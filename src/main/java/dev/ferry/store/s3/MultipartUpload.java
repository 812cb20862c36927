package dev.ferry.store.s3;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** One local file uploaded in parts; aborted (its parts dropped) when any step fails. */
final class MultipartUpload {
    /** Parts at least this large (S3 allows at most 10,000 parts per object). */
    private static final long MIN_PART = 16L << 20;
    private static final int MAX_PARTS = 10_000;

    private MultipartUpload() {
    }

    /** @throws SdkException or UncheckedIOException (the file could not be read) after aborting the upload */
    static void run(S3Client client, String bucket, String key, Path file, long size) {
        String uploadId = client.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        try {
            long partSize = Math.max(MIN_PART, (size + MAX_PARTS - 1) / MAX_PARTS);
            List<CompletedPart> parts = new ArrayList<>();
            for (long offset = 0, part = 1; offset < size; offset += partSize, part++) {
                long length = Math.min(partSize, size - offset);
                long start = offset;
                // a provider, not a stream: the SDK re-reads the part when it retries
                RequestBody body = RequestBody.fromContentProvider(() -> partOf(file, start, length), length, "application/octet-stream");
                String etag = client.uploadPart(UploadPartRequest.builder().bucket(bucket).key(key).uploadId(uploadId)
                        .partNumber((int) part).contentLength(length).build(), body).eTag();
                parts.add(CompletedPart.builder().partNumber((int) part).eTag(etag).build());
            }
            client.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
        } catch (SdkException | UncheckedIOException e) {
            try {
                client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (SdkException ignored) {
                // the bucket's lifecycle rule for incomplete uploads removes the parts
            }
            throw e;
        }
    }

    private static InputStream partOf(Path file, long offset, long length) {
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
            return new Window(Channels.newInputStream(ch.position(offset)), length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** At most {@code remaining} bytes of a stream. */
    private static final class Window extends InputStream {
        private final InputStream in;
        private long remaining;

        Window(InputStream in, long remaining) {
            this.in = in;
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) return -1;
            int b = in.read();
            if (b >= 0) remaining--;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) return -1;
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) remaining -= n;
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
