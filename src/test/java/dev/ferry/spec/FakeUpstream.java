package dev.ferry.spec;

import dev.ferry.fetch.Fetched;
import dev.ferry.fetch.Fetcher;
import dev.ferry.fetch.ManifestRef;
import dev.ferry.fetch.OciReference;
import dev.ferry.fetch.RegistryClient;
import dev.ferry.core.Digest;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory upstream behind the {@link Fetcher} contract: URLs to bytes, and registries whose
 * tags, manifests and blobs are maps. It serves what it holds without checking it, so a test can
 * make it lie (a manifest whose bytes do not hash to its digest, a truncated blob).
 */
final class FakeUpstream implements Fetcher {
    final Map<String, byte[]> urls = new ConcurrentHashMap<>();
    /** host/repository:tag → manifest ref */
    final Map<String, ManifestRef> tags = new ConcurrentHashMap<>();
    /** digest → bytes (manifests and blobs; by digest, across repositories) */
    final Map<Digest, byte[]> content = new ConcurrentHashMap<>();
    final Map<Digest, String> mediaTypes = new ConcurrentHashMap<>();
    final AtomicInteger downloads = new AtomicInteger();
    final AtomicInteger blobDownloads = new AtomicInteger();
    private final Path cache;
    private final Map<Digest, Path> cached = new ConcurrentHashMap<>();

    FakeUpstream(Path cache) throws IOException {
        this.cache = Files.createDirectories(cache);
    }

    void tag(String hostRepository, String tag, Digest digest) {
        tags.put(hostRepository + ":" + tag, new ManifestRef(digest, mediaTypes.get(digest), content.get(digest).length));
    }

    /** As a run on another machine, with an empty download cache. */
    void forgetCache() {
        cached.clear();
    }

    @Override
    public Fetched file(String artifact, URI url, Digest expected) throws IOException {
        Path hit = expected == null ? null : cached.get(expected);
        if (hit != null) return new Fetched(expected, Files.size(hit), hit, url, true); // as the real cache: not asked again
        byte[] bytes = urls.get(url.toString());
        if (bytes == null) throw new IOException("404 Not Found");
        downloads.incrementAndGet();
        Digest d = Digest.ofBytes(bytes);
        if (expected != null && !expected.equals(d)) throw new IOException("sha256 mismatch: expected " + expected + ", got " + d);
        return new Fetched(d, bytes.length, store(d, bytes), url, false);
    }

    @Override
    public byte[] small(String artifact, URI url, int maxBytes) throws IOException {
        byte[] bytes = urls.get(url.toString());
        if (bytes == null) throw new IOException(url + ": 404 Not Found");
        return bytes;
    }

    @Override
    public Optional<Long> probe(String artifact, URI url) {
        return Optional.ofNullable(urls.get(url.toString())).map(b -> (long) b.length);
    }

    @Override
    public RegistryClient registry(String host) {
        return new RegistryClient() {
            @Override
            public ManifestRef resolve(OciReference r) throws IOException {
                if (r.digest() != null) {
                    byte[] b = content.get(r.digest());
                    if (b == null) throw new IOException("manifest unknown");
                    return new ManifestRef(r.digest(), mediaTypes.get(r.digest()), b.length);
                }
                ManifestRef ref = tags.get(host + "/" + r.repository() + ":" + r.tag());
                if (ref == null) throw new IOException(host + "/" + r.repository() + ":" + r.tag() + ": manifest unknown");
                return ref;
            }

            @Override
            public byte[] manifest(OciReference r, Digest digest) throws IOException {
                byte[] b = content.get(digest);
                if (b == null) throw new IOException("manifest unknown");
                return b;
            }

            @Override
            public Fetched blob(OciReference r, Digest digest, long size) throws IOException {
                byte[] b = content.get(digest);
                if (b == null) throw new IOException("blob unknown");
                blobDownloads.incrementAndGet();
                Digest d = Digest.ofBytes(b);
                return new Fetched(d, b.length, store(d, b), URI.create("https://" + host + "/v2/" + r.repository() + "/blobs/" + digest), false);
            }
        };
    }

    private synchronized Path store(Digest d, byte[] bytes) throws IOException {
        Path p = cache.resolve(d.hex() + "-" + System.nanoTime());
        Files.write(p, bytes);
        cached.put(d, p);
        return p;
    }
}
