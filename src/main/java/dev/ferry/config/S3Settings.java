package dev.ferry.config;

import java.net.URI;
import java.time.Duration;

/**
 * Where an S3-compatible bucket keeps the store ({@code store.backend: s3}). Credentials come from
 * the AWS SDK's default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, profile files, ...), never
 * from this file.
 *
 * @param endpoint           http(s)://host[:port] of the S3 API; empty = AWS for {@code region}
 * @param bucket             bucket holding the store (must exist)
 * @param prefix             key prefix inside the bucket, empty or ending in '/'
 * @param region             signing region
 * @param pathStyle          bucket in the path (Ceph RGW, MinIO) rather than in the host name
 * @param caFile             PEM CA bundle trusted for the endpoint's TLS, in addition to the JVM's
 * @param multipartThreshold blobs at least this large are uploaded in parts
 * @param cacheBytes         local cache of small blobs under the store directory; 0 = none
 * @param gcGrace            gc and recovery delete only unreferenced objects older than this
 */
public record S3Settings(String endpoint, String bucket, String prefix, String region, boolean pathStyle, String caFile,
                         String multipartThreshold, String cacheBytes, Duration gcGrace) {

    /** Smallest part S3 accepts (except the last). */
    static final long MIN_PART = 5L << 20;

    public S3Settings {
        endpoint = endpoint == null ? "" : endpoint.trim();
        bucket = bucket == null ? "" : bucket.trim();
        prefix = prefix == null ? "" : prefix;
        caFile = caFile == null ? "" : caFile;
    }

    public static S3Settings defaults() {
        return new S3Settings("", "", "", "us-east-1", true, "", "64MiB", "0", Duration.ofHours(1));
    }

    public long multipartThresholdBytes() {
        return ByteSizes.parse(multipartThreshold);
    }

    public long cacheBytesValue() {
        return ByteSizes.parse(cacheBytes);
    }

    void validate() {
        if (bucket == null || bucket.isBlank()) throw new ConfigException("store.backend is s3 but store.s3.bucket is not set");
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new ConfigException("store.s3.bucket '" + bucket + "' is not a valid bucket name (3-63 of a-z, 0-9, '.', '-')");
        }
        if (endpoint != null && !endpoint.isEmpty()) {
            URI uri;
            try {
                uri = URI.create(endpoint);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("store.s3.endpoint '" + endpoint + "' is not a URL: " + e.getMessage());
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new ConfigException("store.s3.endpoint '" + endpoint + "' must be http(s)://host[:port]");
            }
            if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
                throw new ConfigException("store.s3.endpoint '" + endpoint + "' must not have a path (the bucket goes in store.s3.bucket)");
            }
            if (caFile != null && !caFile.isEmpty() && !"https".equals(uri.getScheme())) {
                throw new ConfigException("store.s3.caFile is set but store.s3.endpoint '" + endpoint + "' is not https");
            }
        }
        if (!prefix.isEmpty() && (!prefix.endsWith("/") || prefix.startsWith("/") || prefix.contains("//")
                || !prefix.matches("[A-Za-z0-9._/-]{1,512}"))) {
            throw new ConfigException("store.s3.prefix '" + dev.ferry.core.Printable.of(prefix) + "' must be empty or like 'ferry/'"
                    + " (letters, digits, '.', '_', '-', '/'; no leading '/', ending in '/')");
        }
        if (region == null || region.isBlank()) throw new ConfigException("store.s3.region must not be empty");
        long threshold = sizeOf("store.s3.multipartThreshold", multipartThreshold);
        if (threshold < MIN_PART) throw new ConfigException("store.s3.multipartThreshold must be at least 5MiB (S3's smallest part)");
        if (sizeOf("store.s3.cacheBytes", cacheBytes) < 0) throw new ConfigException("store.s3.cacheBytes must not be negative");
        Durations.requirePositive("store.s3.gcGrace", gcGrace);
    }

    private static long sizeOf(String name, String text) {
        try {
            return ByteSizes.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + ": " + e.getMessage());
        }
    }
}
