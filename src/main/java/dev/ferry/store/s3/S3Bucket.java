package dev.ferry.store.s3;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The store's bucket and key prefix over the AWS SDK's synchronous client. Names given here are
 * relative to the prefix. Every call blocks on the network: never on an event loop. SDK failures
 * become IOExceptions naming the key; a lost create-if-absent becomes
 * {@link PreconditionFailedException}, an absent key {@link NoSuchFileException}.
 */
final class S3Bucket implements Closeable {
    private static final int MAX_CONNECTIONS = 512;

    private final S3Client client;
    private final S3Presigner presigner;
    private final BucketSettings settings;

    private S3Bucket(S3Client client, S3Presigner presigner, BucketSettings settings) {
        this.client = client;
        this.presigner = presigner;
        this.settings = settings;
    }

    static S3Bucket connect(BucketSettings settings) throws IOException {
        // every download in flight holds one connection for as long as its client takes to read it
        Apache5HttpClient.Builder http = Apache5HttpClient.builder().maxConnections(MAX_CONNECTIONS);
        if (settings.caFile() != null) http.tlsTrustManagersProvider(EndpointTrust.withCaFile(settings.caFile()));
        DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
        var builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .credentialsProvider(credentials)
                // the SDK's default would check the server's checksum of every whole-object GET,
                // hashing each byte of a served blob on top of relaying it; GETs ask for it one by one
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(http);
        // signs URLs exactly as the client signs requests: same credentials, region, endpoint and addressing
        var presigner = S3Presigner.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build());
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
            presigner.endpointOverride(settings.endpoint());
        }
        try {
            return new S3Bucket(builder.build(), presigner.build(), settings);
        } catch (SdkException e) {
            throw new IOException("cannot set up the S3 client for " + settings.location() + ": " + e.getMessage(), e);
        }
    }

    BucketSettings settings() {
        return settings;
    }

    /** Whether the bucket itself exists (and these credentials may see it). */
    boolean bucketExists() throws IOException {
        try {
            client.headBucket(b -> b.bucket(settings.bucket()));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return false;
            throw failure("HEAD bucket", "", e);
        } catch (SdkException e) {
            throw failure("HEAD bucket", "", e);
        }
    }

    String key(String name) {
        return settings.prefix() + name;
    }

    Optional<ObjectInfo> head(String name) throws IOException {
        try {
            HeadObjectResponse r = client.headObject(HeadObjectRequest.builder().bucket(settings.bucket()).key(key(name)).build());
            return Optional.of(new ObjectInfo(name, r.contentLength(), r.lastModified(), r.eTag(), r.metadata()));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return Optional.empty();
            throw failure("HEAD", name, e);
        } catch (SdkException e) {
            throw failure("HEAD", name, e);
        }
    }

    /**
     * The whole object as a stream; the caller closes it. When the server keeps a checksum of the
     * object, reading to the end checks the bytes against it.
     */
    InputStream get(String name) throws IOException {
        return new AbortOnCloseStream(get(name, GetObjectRequest.builder().checksumMode(ChecksumMode.ENABLED)));
    }

    /**
     * The whole object as a stream with its size, in one request (no HEAD first): for blobs, whose
     * bytes are checked against the digest that names them (the local cache on filling, verify in
     * the bucket), so the server's checksum is not asked for. The caller closes the stream.
     */
    Body getWhole(String name) throws IOException {
        ResponseInputStream<GetObjectResponse> response = get(name, GetObjectRequest.builder());
        Long length = response.response().contentLength();
        if (length == null) {
            response.abort();
            throw new IOException("GET " + location(name) + " answered without a Content-Length");
        }
        return new Body(new AbortOnCloseStream(response), length);
    }

    /** An object's body, still to be read, and its length. */
    record Body(InputStream stream, long size) {
    }

    /** {@code length} bytes from {@code offset}, streamed (a ranged GET). */
    InputStream getRange(String name, long offset, long length) throws IOException {
        if (length == 0) return InputStream.nullInputStream();
        return new AbortOnCloseStream(get(name, GetObjectRequest.builder().range("bytes=" + offset + "-" + (offset + length - 1))));
    }

    private ResponseInputStream<GetObjectResponse> get(String name, GetObjectRequest.Builder request) throws IOException {
        try {
            return client.getObject(request.bucket(settings.bucket()).key(key(name)).build());
        } catch (S3Exception e) {
            if (e.statusCode() == 404) throw new NoSuchFileException(location(name));
            throw failure("GET", name, e);
        } catch (SdkException e) {
            throw failure("GET", name, e);
        }
    }

    /**
     * A URL that GETs the object without further credentials until {@code validity} has passed
     * (SigV4 in the query string). Only the host header is signed, so a {@code Range} header may be
     * added to the request. CPU only: no request is made.
     */
    URI presignGet(String name, Duration validity) throws IOException {
        try {
            return presigner.presignGetObject(p -> p.signatureDuration(validity)
                    .getObjectRequest(g -> g.bucket(settings.bucket()).key(key(name)))).url().toURI();
        } catch (SdkException | URISyntaxException e) {
            throw new IOException("cannot presign GET " + location(name) + ": " + e.getMessage() + hint(e), e);
        }
    }

    /** A small object's bytes and ETag, or empty when its ETag is still {@code knownEtag} (304). */
    Optional<Fetched> getIfChanged(String name, String knownEtag, int maxBytes) throws IOException {
        GetObjectRequest.Builder request = GetObjectRequest.builder().checksumMode(ChecksumMode.ENABLED);
        if (knownEtag != null) request.ifNoneMatch(knownEtag);
        try (ResponseInputStream<GetObjectResponse> in = client.getObject(request.bucket(settings.bucket()).key(key(name)).build())) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) throw new IOException(location(name) + " is larger than " + maxBytes + " bytes");
            return Optional.of(new Fetched(bytes, in.response().eTag()));
        } catch (S3Exception e) {
            if (e.statusCode() == 304) return Optional.empty();
            if (e.statusCode() == 404) throw new NoSuchFileException(location(name));
            throw failure("GET", name, e);
        } catch (SdkException e) {
            throw failure("GET", name, e);
        }
    }

    record Fetched(byte[] bytes, String etag) {
    }

    /** Writes an object unconditionally (a mutable hint or record). */
    void put(String name, byte[] content) throws IOException {
        put(name, PutObjectRequest.builder(), RequestBody.fromBytes(content));
    }

    /** Creates an object only if the key is absent ({@code If-None-Match: *}). */
    void create(String name, byte[] content, Map<String, String> metadata) throws IOException {
        put(name, PutObjectRequest.builder().ifNoneMatch("*").metadata(metadata), RequestBody.fromBytes(content));
    }

    /** {@link #create(String, byte[], Map)} from a local file. */
    void create(String name, Path file, Map<String, String> metadata) throws IOException {
        put(name, PutObjectRequest.builder().ifNoneMatch("*").metadata(metadata), RequestBody.fromFile(file));
    }

    /**
     * Uploads a local file, in parts when it is at least the multipart threshold. {@code sha256Base64}
     * is sent as the object's checksum on a single PUT, so a server that checks it refuses damage in transit.
     */
    void upload(String name, Path file, long size, String sha256Base64) throws IOException {
        if (size < settings.multipartThreshold()) {
            put(name, PutObjectRequest.builder().checksumSHA256(sha256Base64), RequestBody.fromFile(file));
            return;
        }
        try {
            MultipartUpload.run(client, settings.bucket(), key(name), file, size);
        } catch (SdkException e) {
            throw failure("multipart upload of", name, e);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private void put(String name, PutObjectRequest.Builder request, RequestBody body) throws IOException {
        try {
            client.putObject(request.bucket(settings.bucket()).key(key(name)).build(), body);
        } catch (S3Exception e) {
            // 409: AWS's answer when a concurrent conditional write is in flight; the outcome is the same
            if (e.statusCode() == 412 || e.statusCode() == 409) throw new PreconditionFailedException(location(name));
            throw failure("PUT", name, e);
        } catch (SdkException e) {
            throw failure("PUT", name, e);
        }
    }

    void delete(String name) throws IOException {
        try {
            client.deleteObject(DeleteObjectRequest.builder().bucket(settings.bucket()).key(key(name)).build());
        } catch (SdkException e) {
            throw failure("DELETE", name, e);
        }
    }

    void copy(String from, String to) throws IOException {
        try {
            client.copyObject(CopyObjectRequest.builder().sourceBucket(settings.bucket()).sourceKey(key(from))
                    .destinationBucket(settings.bucket()).destinationKey(key(to)).build());
        } catch (S3Exception e) {
            if (e.statusCode() == 404) throw new NoSuchFileException(location(from));
            throw failure("COPY", from, e);
        } catch (SdkException e) {
            throw failure("COPY", from, e);
        }
    }

    /** Every object whose name starts with {@code namePrefix}, in key order, page by page. */
    void list(String namePrefix, Consumer<ObjectInfo> action) throws IOException {
        int cut = settings.prefix().length();
        try {
            for (var page : client.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(settings.bucket())
                    .prefix(key(namePrefix)).build())) {
                for (S3Object o : page.contents()) {
                    action.accept(new ObjectInfo(o.key().substring(cut), o.size(), o.lastModified(), o.eTag(), Map.of()));
                }
            }
        } catch (SdkException e) {
            throw failure("LIST", namePrefix, e);
        }
    }

    String location(String name) {
        return "s3://" + settings.bucket() + "/" + key(name);
    }

    private IOException failure(String what, String name, SdkException e) {
        String status = e instanceof S3Exception s3 ? " (HTTP " + s3.statusCode() + ")" : "";
        return new IOException(what + " " + location(name) + " failed" + status + ": " + e.getMessage() + hint(e), e);
    }

    /** What to do about a failure whose cause an operator could not guess from the SDK's message. */
    private static String hint(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLHandshakeException) {
                return " (the endpoint's certificate is not trusted: if an in-house CA issued it, set store.s3.caFile)";
            }
            if (t.getMessage() != null && t.getMessage().contains("Unable to load credentials")) {
                return " (give credentials as AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a profile with AWS_PROFILE)";
            }
        }
        return "";
    }

    @Override
    public void close() {
        presigner.close();
        client.close();
    }
}
