package dev.ferry.store.s3;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the object-storage backend needs to reach its bucket and how it behaves there.
 *
 * @param endpoint           the S3 API's base URL; null = AWS for {@code region}
 * @param bucket             an existing bucket
 * @param prefix             key prefix ("" or ending in '/')
 * @param region             signing region
 * @param pathStyle          bucket in the path (Ceph RGW, MinIO) rather than the host name
 * @param caFile             PEM CA bundle trusted for the endpoint besides the JVM's; null = none
 * @param multipartThreshold blobs at least this large are uploaded in parts
 * @param cacheBytes         bytes of small blobs kept in a local cache; 0 = none
 * @param gcGrace            gc and recovery delete only unreferenced objects older than this
 */
public record BucketSettings(URI endpoint, String bucket, String prefix, String region, boolean pathStyle, Path caFile,
                             long multipartThreshold, long cacheBytes, Duration gcGrace) {

    public BucketSettings {
        prefix = prefix == null ? "" : prefix;
        if (!prefix.isEmpty() && !prefix.endsWith("/")) throw new IllegalArgumentException("prefix must end in '/': " + prefix);
    }

    /** The same bucket reached through another endpoint (a gateway or proxy in front of it). */
    public BucketSettings withEndpoint(URI other) {
        return new BucketSettings(other, bucket, prefix, region, pathStyle, caFile, multipartThreshold, cacheBytes, gcGrace);
    }

    public BucketSettings withCaFile(Path file) {
        return new BucketSettings(endpoint, bucket, prefix, region, pathStyle, file, multipartThreshold, cacheBytes, gcGrace);
    }

    public BucketSettings withCacheBytes(long bytes) {
        return new BucketSettings(endpoint, bucket, prefix, region, pathStyle, caFile, multipartThreshold, bytes, gcGrace);
    }

    /** How people see the store: {@code s3://bucket/prefix}. */
    public String location() {
        return "s3://" + bucket + "/" + prefix;
    }
}
