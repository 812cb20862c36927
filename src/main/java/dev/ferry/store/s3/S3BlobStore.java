package dev.ferry.store.s3;

import dev.ferry.core.Digest;
import dev.ferry.store.BlobHandle;
import dev.ferry.store.BlobStaging;
import dev.ferry.store.BlobStore;
import dev.ferry.store.FileTrees;
import dev.ferry.store.LocalBlobStaging;
import dev.ferry.store.RemoteReads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.net.ssl.X509TrustManager;

/**
 * Blobs as objects {@code <prefix>blobs/sha256/<hex>}. Staging goes to local files (hashed and
 * fsynced as on the file system) and {@link BlobStaging#publish()} uploads them, each checked by size
 * afterwards, before the generation that references them is written. Deletion for gc and recovery
 * spares objects younger than the grace period: nothing else protects a download in progress, or a
 * concurrent writer that uploaded the same content a moment ago.
 */
public final class S3BlobStore implements BlobStore {
    static final String BLOBS = "blobs/" + Digest.ALGORITHM + "/";
    static final String QUARANTINE = "quarantine/" + Digest.ALGORITHM + "/";
    /** Concurrent uploads of one publish. */
    private static final int UPLOADS = 8;
    private static final Logger LOG = LoggerFactory.getLogger(S3BlobStore.class);
    /**
     * How long a presigned GET stays valid, and for how much of that it is handed out again: a
     * download that starts at the end of the reuse period still has ten minutes to begin its GET.
     */
    static final Duration PRESIGNED_VALIDITY = Duration.ofMinutes(15);
    static final Duration PRESIGNED_REUSE = Duration.ofMinutes(5);
    /** Past this many cached URLs the stale ones are dropped (one per blob served lately). */
    private static final int PRESIGNED_KEPT = 4096;

    /** The digests the generation the pointer names now references (listed, not from a hint). */
    @FunctionalInterface
    interface CurrentReferences {
        Set<Digest> get() throws IOException;
    }

    private final S3Bucket bucket;
    private final Path stagingRoot;
    private final BlobCache cache;
    private final Clock clock;
    private volatile CurrentReferences currentReferences = Set::of;
    private final ConcurrentHashMap<Digest, Presigned> presigned = new ConcurrentHashMap<>();
    private volatile X509TrustManager endpointTrust;

    private record Presigned(URI url, Instant reuseUntil) {
    }

    S3BlobStore(S3Bucket bucket, Path stateDir, Clock clock) throws IOException {
        this.bucket = bucket;
        this.stagingRoot = stateDir.resolve("staging");
        this.clock = clock;
        Files.createDirectories(stagingRoot);
        long cacheBytes = bucket.settings().cacheBytes();
        this.cache = cacheBytes > 0 ? new BlobCache(stateDir.resolve("cache").resolve(Digest.ALGORITHM), cacheBytes) : null;
        if (cache == null) FileTrees.deleteRecursively(stateDir.resolve("cache")); // turned off: the old copies go
    }

    void currentReferences(CurrentReferences references) {
        this.currentReferences = references;
    }

    private static String nameOf(Digest digest) {
        return BLOBS + digest.hex();
    }

    @Override
    public Optional<Long> size(Digest digest) throws IOException {
        return bucket.head(nameOf(digest)).map(ObjectInfo::size);
    }

    @Override
    public InputStream open(Digest digest) throws IOException {
        return bucket.get(nameOf(digest));
    }

    @Override
    public BlobHandle openHandle(Digest digest) throws IOException {
        if (cache != null) {
            Optional<BlobHandle> cached = cache.open(digest);
            if (cached.isPresent()) return cached.get();
        }
        ObjectInfo info = bucket.head(nameOf(digest)).orElseThrow(() -> new NoSuchFileException(bucket.location(nameOf(digest))));
        if (cache != null && cache.accepts(info.size())) {
            try (InputStream in = bucket.get(nameOf(digest))) {
                if (cache.fill(digest, in)) {
                    Optional<BlobHandle> filled = cache.open(digest);
                    if (filled.isPresent()) return filled.get();
                }
            }
        }
        return new S3BlobHandle(bucket, nameOf(digest), digest, info.size());
    }

    /** One GET instead of a HEAD then a GET: the response's length is the size, its body the first read. */
    @Override
    public BlobHandle openHandleForWholeRead(Digest digest) throws IOException {
        if (cache != null) {
            Optional<BlobHandle> cached = cache.open(digest);
            if (cached.isPresent()) return cached.get();
        }
        S3Bucket.Body body = bucket.getWhole(nameOf(digest));
        if (cache != null && cache.accepts(body.size())) {
            try (InputStream in = body.stream()) {
                if (cache.fill(digest, in)) {
                    Optional<BlobHandle> filled = cache.open(digest);
                    if (filled.isPresent()) return filled.get();
                }
            }
            return new S3BlobHandle(bucket, nameOf(digest), digest, body.size());
        }
        return new S3BlobHandle(bucket, nameOf(digest), digest, body.size(), body.stream());
    }

    /**
     * Presigned GETs of blobs the local cache would not take (those it takes are read and kept
     * the usual way). No request per download: the catalog knows the size, and the relay's GET
     * proves the object exists. gc's grace period keeps an object a relay reads, as it keeps one a
     * handle reads.
     */
    @Override
    public Optional<RemoteReads> remoteReads() {
        return Optional.of(new RemoteReads() {
            @Override
            public boolean relays(long size) {
                return cache == null || !cache.accepts(size);
            }

            @Override
            public Optional<URI> recentGet(Digest digest) {
                Presigned known = presigned.get(digest);
                return known != null && clock.instant().isBefore(known.reuseUntil()) ? Optional.of(known.url()) : Optional.empty();
            }

            @Override
            public Optional<URI> presignedGet(Digest digest) {
                Optional<URI> recent = recentGet(digest);
                if (recent.isPresent()) return recent;
                Instant now = clock.instant();
                try {
                    URI url = bucket.presignGet(nameOf(digest), PRESIGNED_VALIDITY);
                    if (presigned.size() >= PRESIGNED_KEPT) presigned.values().removeIf(p -> !now.isBefore(p.reuseUntil()));
                    if (presigned.size() >= PRESIGNED_KEPT) presigned.clear();
                    presigned.put(digest, new Presigned(url, now.plus(PRESIGNED_REUSE)));
                    return Optional.of(url);
                } catch (IOException e) {
                    LOG.warn("cannot presign a GET of {}, opening it with the S3 client instead: {}", digest, e.getMessage());
                    return Optional.empty();
                }
            }

            @Override
            public X509TrustManager endpointTrust() {
                return S3BlobStore.this.endpointTrust();
            }
        });
    }

    private X509TrustManager endpointTrust() {
        Path caFile = bucket.settings().caFile();
        if (caFile == null) return null;
        X509TrustManager trust = endpointTrust;
        if (trust == null) {
            try {
                trust = EndpointTrust.trustManagerWithCaFile(caFile);
            } catch (IOException e) {
                // the S3 client loaded the same file when the store opened; failing now means it changed since
                throw new java.io.UncheckedIOException(e);
            }
            endpointTrust = trust;
        }
        return trust;
    }

    /**
     * Staging that reuses only blobs the current generation references and the bucket holds: gc
     * keeps those as long as the pointer stays, and if it moves the transaction is refused anyway.
     * A blob that merely exists may be a leftover another replica's gc deletes at any moment, so it
     * is uploaded again (the same bytes under the same key: harmless). The references are taken
     * now, after the transaction read the pointer, never from a cache that could predate it.
     */
    @Override
    public BlobStaging staging(String transactionId) throws IOException {
        Set<Digest> referenced = currentReferences.get();
        return LocalBlobStaging.create(stagingRoot.resolve(transactionId), d -> referenced.contains(d) && contains(d), this::upload);
    }

    /** Uploads every staged blob, a few at a time (many small blobs are bound by round trips), and returns once all are stored. */
    private void upload(Map<Digest, Path> staged) throws IOException {
        if (staged.isEmpty()) return;
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(UPLOADS, staged.size()), r -> {
            Thread t = new Thread(r, "ferry-s3-upload");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> uploads = new ArrayList<>();
            for (Map.Entry<Digest, Path> e : staged.entrySet()) {
                uploads.add(pool.submit(() -> {
                    uploadOne(e.getKey(), e.getValue());
                    return null;
                }));
            }
            for (Future<?> f : uploads) {
                try {
                    f.get();
                } catch (ExecutionException failed) {
                    throw failed.getCause() instanceof IOException io ? io : new IOException(failed.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while uploading blobs");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void uploadOne(Digest digest, Path file) throws IOException {
        long size = Files.size(file);
        bucket.upload(nameOf(digest), file, size, digest.base64());
        // a server that does not check the checksum still must hold the whole object
        long stored = size(digest).orElseThrow(() -> new IOException(bucket.location(nameOf(digest)) + " is missing right after its upload"));
        if (stored != size) {
            throw new IOException(bucket.location(nameOf(digest)) + " holds " + stored + " bytes after uploading " + size);
        }
        Files.delete(file);
    }

    @Override
    public void discardAllStaging() throws IOException {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(stagingRoot)) {
            for (Path dir : dirs) FileTrees.deleteRecursively(dir);
        }
    }

    @Override
    public void delete(Digest digest) throws IOException {
        if (cache != null) cache.remove(digest);
        bucket.delete(nameOf(digest));
    }

    @Override
    public boolean collect(Digest digest) throws IOException {
        Optional<ObjectInfo> info = bucket.head(nameOf(digest));
        if (info.isEmpty()) return true;
        Instant cutoff = clock.instant().minus(bucket.settings().gcGrace());
        if (info.get().lastModified().isAfter(cutoff)) return false;
        delete(digest);
        return true;
    }

    @Override
    public void quarantine(Digest digest) throws IOException {
        try {
            bucket.copy(nameOf(digest), QUARANTINE + digest.hex());
        } catch (NoSuchFileException alreadyMoved) {
            return; // another replica's scrub quarantined it first
        }
        delete(digest);
    }

    @Override
    public void forEach(Consumer<Digest> action) throws IOException {
        bucket.list(BLOBS, o -> {
            try {
                action.accept(new Digest(o.name().substring(BLOBS.length())));
            } catch (IllegalArgumentException notABlob) {
                // a stray object is not a blob; nothing serves it
            }
        });
    }

    @Override
    public void forEachSized(java.util.function.BiConsumer<Digest, Long> action) throws IOException {
        bucket.list(BLOBS, o -> {
            Digest d;
            try {
                d = new Digest(o.name().substring(BLOBS.length()));
            } catch (IllegalArgumentException notABlob) {
                return;
            }
            action.accept(d, o.size());
        });
    }

    @Override
    public void sync() {
        // an object is durable once its PUT answered
    }

    @Override
    public String toString() {
        return bucket.location(BLOBS);
    }
}
