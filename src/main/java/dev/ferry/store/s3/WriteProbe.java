package dev.ferry.store.s3;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;

/**
 * Checks once, before the first write, that the server makes create-if-absent atomic: the same
 * probe key is created twice with {@code If-None-Match: *} and the second must be refused (412).
 * Every publish relies on that; a server that overwrites instead would let two importers both
 * believe they published. Such a server can still be served from, never written to.
 */
final class WriteProbe {
    static final String PROBES = "probes/";

    private final S3Bucket bucket;
    private volatile String refusal;
    private volatile boolean passed;

    WriteProbe(S3Bucket bucket) {
        this.bucket = bucket;
    }

    void requireWritable() throws IOException {
        if (passed) return;
        synchronized (this) {
            if (refusal == null && !passed) run();
        }
        if (refusal != null) throw new IOException(refusal);
    }

    private void run() throws IOException {
        String name = PROBES + UUID.randomUUID();
        byte[] content = "ferry conditional-write probe\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try {
            bucket.create(name, content, Map.of());
            try {
                bucket.create(name, content, Map.of());
                refusal = "the S3 server at " + bucket.settings().location() + " overwrote an existing object although the PUT said"
                        + " If-None-Match: * (it must answer 412 Precondition Failed); Ferry publishes with such conditional"
                        + " writes, so it refuses to write to this store (serving from it still works). Use a server that"
                        + " supports conditional writes (AWS S3, Ceph RGW, MinIO, S3Proxy 4 or later)";
            } catch (PreconditionFailedException expected) {
                passed = true;
            }
        } finally {
            bucket.delete(name);
        }
    }
}
