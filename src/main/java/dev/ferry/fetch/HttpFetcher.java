package dev.ferry.fetch;

import dev.ferry.core.Digest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link Fetcher} on the JDK HTTP client: blocking calls on the caller's thread (run them in a {@link FetchPool}),
 * redirects followed by hand so that credentials never leave the host they were meant for.
 */
public final class HttpFetcher implements Fetcher {
    private static final int MAX_REDIRECTS = 10;
    private static final int BUFFER = 64 * 1024;
    private static final String TUNNEL_SCHEMES = "jdk.http.auth.tunneling.disabledSchemes";

    private final FetchSettings settings;
    private final FetchProgress progress;
    private final DownloadCache cache;
    private final HttpClient client;
    private final Map<String, HttpRegistryClient> registries = new ConcurrentHashMap<>();
    private volatile RegistryCredentials credentials;

    public HttpFetcher(FetchSettings settings, FetchProgress progress) throws IOException {
        this.settings = settings;
        this.progress = progress == null ? FetchProgress.NONE : progress;
        this.cache = new DownloadCache(settings.cacheDir());
        EnvProxySelector proxies = new EnvProxySelector(settings.proxyEnv());
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(TrustStores.context(settings.cacert()))
                .proxy(proxies);
        if (proxies.authenticator() != null) {
            // the JDK refuses Basic on CONNECT unless this is cleared; read once per JVM, so before the first client
            if (System.getProperty(TUNNEL_SCHEMES) == null) System.setProperty(TUNNEL_SCHEMES, "");
            b.authenticator(proxies.authenticator());
        }
        this.client = b.build();
    }

    public FetchSettings settings() {
        return settings;
    }

    public DownloadCache cache() {
        return cache;
    }

    @Override
    public Fetched file(String artifact, URI url, Digest expected) throws IOException {
        return download(artifact, url, expected, -1, Map.of());
    }

    @Override
    public byte[] small(String artifact, URI url, int maxBytes) throws IOException {
        Exchange r = exchange(artifact, "GET", url, Map.of(), maxBytes);
        if (r.status() != 200) throw new FetchException(artifact, url, "HTTP " + r.status(), r.status(), null);
        return r.body();
    }

    /** The Content-Length of a HEAD, else the total of a one-byte range; -1 when the upstream does not say. */
    @Override
    public Optional<Long> probe(String artifact, URI url) throws IOException {
        Exchange r = exchange(artifact, "HEAD", url, Map.of(), 0);
        if (r.status() == 404) return Optional.empty();
        if (r.status() / 100 != 2) throw new FetchException(artifact, url, "HTTP " + r.status(), r.status(), null);
        OptionalLong length = r.headers().firstValueAsLong("Content-Length");
        if (length.isPresent()) return Optional.of(length.getAsLong());
        // no length on HEAD (some CDNs): the total of a one-byte range says it
        Exchange one = exchange(artifact, "GET", url, Map.of("Range", "bytes=0-0"), 1);
        String range = one.headers().firstValue("Content-Range").orElse("");
        int slash = range.lastIndexOf('/');
        if (one.status() == 206 && slash > 0 && range.substring(slash + 1).matches("[0-9]{1,18}")) {
            return Optional.of(Long.parseLong(range.substring(slash + 1)));
        }
        return Optional.of(-1L);
    }

    @Override
    public RegistryClient registry(String host) throws IOException {
        return registries.computeIfAbsent(host, h -> new HttpRegistryClient(this, h));
    }

    RegistryCredentials credentials() throws IOException {
        if (credentials == null) credentials = RegistryCredentials.load(settings.registryAuthFile());
        return credentials;
    }

    /** A cached body, reported as such. */
    Optional<Fetched> cached(String artifact, URI url, Digest expected) throws IOException {
        Optional<Path> hit = cache.blob(expected);
        if (hit.isEmpty()) return Optional.empty();
        long size = Files.size(hit.get());
        progress.finished(artifact, url, size, true);
        return Optional.of(new Fetched(expected, size, hit.get(), url, true));
    }

    /**
     * The body of {@code url} into the cache, resuming a partial download of an earlier attempt or run.
     *
     * @param expectedSize -1 when unknown; otherwise a body of another length is refused
     * @param headers      sent to {@code url}'s origin only (not after a redirect to another host)
     */
    Fetched download(String artifact, URI url, Digest expected, long expectedSize, Map<String, String> headers)
            throws IOException {
        if (expected != null) {
            Optional<Fetched> hit = cached(artifact, url, expected);
            if (hit.isPresent()) return hit.get();
        }
        String key = expected != null ? expected.hex() : DownloadCache.keyOf(url.toString());
        try (AutoCloseable lock = cache.lock(key)) {
            if (expected != null) {
                Optional<Fetched> hit = cached(artifact, url, expected); // another run may have finished it meanwhile
                if (hit.isPresent()) return hit.get();
            }
            boolean restarted = false;
            IOException last = null;
            int status = 0;
            for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
                try {
                    return downloadOnce(artifact, url, expected, expectedSize, headers, key, !restarted);
                } catch (RestartFromZero e) {
                    cache.discard(key);
                    if (restarted) throw new FetchException(artifact, url, e.getMessage(), 0, e);
                    restarted = true;
                    attempt--; // a restart is not a failed try
                } catch (Transient e) {
                    if (Thread.currentThread().isInterrupted()) throw new InterruptedIOException("download of " + artifact + " cancelled");
                    last = e;
                    status = e.status;
                    progress.failed(artifact, url, e.getMessage());
                    if (attempt < settings.attempts()) Retries.sleep(Retries.delay(settings, attempt, e.headers));
                }
            }
            throw new FetchException(artifact, url, last.getMessage() + " (after " + settings.attempts() + " attempts)", status, last.getCause());
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private Fetched downloadOnce(String artifact, URI url, Digest expected, long expectedSize, Map<String, String> headers,
                                 String key, boolean mayResume) throws IOException {
        Path part = cache.partial(key);
        long have = mayResume ? resumable(key, url) : 0;
        if (have == 0) cache.discard(key);
        Map<String, String> h = new LinkedHashMap<>(headers);
        DownloadCache.Sidecar old = have > 0 ? cache.sidecar(key).orElseThrow() : null;
        if (old != null) {
            h.put("Range", "bytes=" + have + "-");
            h.put("If-Range", old.etag() != null ? old.etag() : old.lastModified());
        }
        HttpResponse<InputStream> r = send(artifact, "GET", url, h);
        try (InputStream raw = r.body()) {
            int st = r.statusCode();
            if (st == 416 && have > 0) throw new RestartFromZero("416 for a resume at byte " + have);
            if (Retries.retryable(st)) throw new Transient("HTTP " + st, st, r.headers(), null);
            if (st == 200) {
                have = 0;
            } else if (st == 206 && have > 0) {
                String cr = r.headers().firstValue("Content-Range").orElse("");
                if (!cr.startsWith("bytes " + have + "-")) throw new RestartFromZero("unexpected Content-Range " + cr);
            } else {
                throw new FetchException(artifact, url, "HTTP " + st, st, null);
            }
            long length = r.headers().firstValueAsLong("Content-Length").orElse(-1);
            long total = length < 0 ? -1 : have + length;
            long cap = expectedSize >= 0 ? expectedSize : settings.maxBytes();
            if (total > cap) {
                throw new FetchException(artifact, url, "body of " + total + " bytes refused: "
                        + (expectedSize >= 0 ? "expected " + expectedSize : "the limit is " + cap));
            }
            DownloadCache.Sidecar side = new DownloadCache.Sidecar(url.toString(),
                    r.headers().firstValue("ETag").filter(e -> !e.startsWith("W/")).orElse(null),
                    r.headers().firstValue("Last-Modified").orElse(null), have);
            cache.writeSidecar(key, side);
            MessageDigest md = Digest.newMessageDigest();
            progress.started(artifact, url, have, total);
            long got = have;
            try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ)) {
                out.truncate(have);
                hashPrefix(out, have, md);
                out.position(have);
                byte[] buf = new byte[BUFFER];
                try (InputStream in = new IdleTimeoutInputStream(raw, settings.readTimeout())) {
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        got += n;
                        if (got > cap) {
                            cache.discard(key);
                            throw new FetchException(artifact, url, "body exceeds " + cap + " bytes, refused");
                        }
                        md.update(buf, 0, n);
                        out.write(ByteBuffer.wrap(buf, 0, n));
                        progress.advanced(artifact, n);
                    }
                } catch (FetchException e) {
                    throw e;
                } catch (java.net.http.HttpTimeoutException e) {
                    throw new Transient("stalled after " + got + (total < 0 ? "" : " of " + total) + " bytes: " + e.getMessage(), 0, null, e);
                } catch (IOException e) {
                    throw new Transient("truncated body: connection lost after " + got + (total < 0 ? "" : " of " + total)
                            + " bytes (" + e.getMessage() + ")", 0, null, e);
                }
            }
            if (total >= 0 && got != total) {
                throw new Transient("truncated body: " + got + " of " + total + " bytes", 0, null, null);
            }
            Digest d = Digest.of(md);
            String mismatch = null;
            if (expected != null && !expected.equals(d)) mismatch = "sha256 mismatch: expected " + expected + ", got " + d;
            else if (expectedSize >= 0 && got != expectedSize) mismatch = "size mismatch: expected " + expectedSize + ", got " + got;
            if (mismatch != null) {
                cache.discard(key);
                if (have > 0) throw new RestartFromZero(mismatch + " after resuming at byte " + have);
                throw new FetchException(artifact, url, mismatch);
            }
            Path done = cache.commit(key, d);
            progress.finished(artifact, url, got, false);
            return new Fetched(d, got, done, url, false);
        }
    }

    /** Bytes of a partial download that may be resumed: same URL, a validator for If-Range, and data on disk. */
    private long resumable(String key, URI url) throws IOException {
        Optional<DownloadCache.Sidecar> s = cache.sidecar(key);
        Path part = cache.partial(key);
        if (s.isEmpty() || !Files.isRegularFile(part) || !Objects.equals(s.get().url(), url.toString())) return 0;
        if (s.get().etag() == null && s.get().lastModified() == null) return 0;
        return Files.size(part);
    }

    private static void hashPrefix(FileChannel ch, long n, MessageDigest md) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(BUFFER);
        long pos = 0;
        while (pos < n) {
            buf.clear().limit((int) Math.min(BUFFER, n - pos));
            int r = ch.read(buf, pos);
            if (r < 0) throw new IOException("partial download shorter than recorded");
            md.update(buf.array(), 0, r);
            pos += r;
        }
    }

    /** A finished small exchange: any status the caller must interpret (retryable ones are retried first). */
    record Exchange(int status, HttpHeaders headers, byte[] body, URI url) {
    }

    /** {@code method} on {@code url} with retries, the body read up to {@code maxBytes} (more is refused). */
    Exchange exchange(String artifact, String method, URI url, Map<String, String> headers, int maxBytes) throws IOException {
        Transient last = null;
        for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
            try {
                HttpResponse<InputStream> r = send(artifact, method, url, headers);
                try (InputStream in = r.body()) {
                    if (Retries.retryable(r.statusCode())) throw new Transient("HTTP " + r.statusCode(), r.statusCode(), r.headers(), null);
                    long length = r.headers().firstValueAsLong("Content-Length").orElse(-1);
                    if (!method.equals("HEAD") && r.statusCode() / 100 == 2 && length > maxBytes) {
                        throw new FetchException(artifact, url, "body of " + length + " bytes refused: the limit is " + maxBytes);
                    }
                    byte[] body = method.equals("HEAD") ? new byte[0] : readAtMost(artifact, url, in, maxBytes, r.statusCode() / 100 == 2);
                    return new Exchange(r.statusCode(), r.headers(), body, r.uri());
                } catch (FetchException | Transient e) {
                    throw e;
                } catch (IOException e) {
                    throw new Transient("body not read: " + e.getMessage(), 0, null, e);
                }
            } catch (Transient e) {
                last = e;
                if (attempt < settings.attempts()) Retries.sleep(Retries.delay(settings, attempt, e.headers));
            }
        }
        throw new FetchException(artifact, url, last.getMessage() + " (after " + settings.attempts() + " attempts)", last.status, last.getCause());
    }

    private byte[] readAtMost(String artifact, URI url, InputStream raw, int max, boolean strict) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try (InputStream in = new IdleTimeoutInputStream(raw, settings.readTimeout())) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                if (out.size() + n > max) {
                    if (strict) throw new FetchException(artifact, url, "body exceeds " + max + " bytes, refused");
                    break; // an error page: its start is enough
                }
                out.write(buf, 0, n);
            }
        }
        return out.toByteArray();
    }

    /** One request, following redirects; headers such as Authorization go to the first origin only. */
    private HttpResponse<InputStream> send(String artifact, String method, URI url, Map<String, String> headers) throws IOException {
        URI current = url;
        Map<String, String> h = headers;
        for (int hop = 0; ; hop++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(current).timeout(settings.readTimeout())
                    .method(method, HttpRequest.BodyPublishers.noBody())
                    .header("User-Agent", "ferry");
            h.forEach(b::header);
            HttpResponse<InputStream> r;
            try {
                r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted");
            } catch (IOException e) {
                throw new Transient("cannot reach " + current.getHost() + ": " + e, 0, null, e);
            }
            int st = r.statusCode();
            Optional<String> location = r.headers().firstValue("Location");
            if (!(st == 301 || st == 302 || st == 303 || st == 307 || st == 308) || location.isEmpty()) return r;
            r.body().close();
            if (hop >= MAX_REDIRECTS) throw new FetchException(artifact, url, "more than " + MAX_REDIRECTS + " redirects");
            URI next = current.resolve(location.get());
            if (!"https".equals(next.getScheme()) && "https".equals(current.getScheme())) {
                throw new FetchException(artifact, url, "refused redirect from https to " + next);
            }
            if (!sameOrigin(current, next)) {
                h = new LinkedHashMap<>(h);
                h.keySet().removeIf(k -> k.equalsIgnoreCase("Authorization"));
            }
            current = next;
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(a.getScheme(), b.getScheme()) && Objects.equals(a.getHost(), b.getHost()) && a.getPort() == b.getPort();
    }

    /** A failure worth another try: connection, timeout, truncation, 5xx, 429. */
    static final class Transient extends IOException {
        final int status;
        final HttpHeaders headers;

        Transient(String message, int status, HttpHeaders headers, Throwable cause) {
            super(message, cause);
            this.status = status;
            this.headers = headers;
        }
    }

    /** A resume that cannot be trusted: start again from byte 0, once. */
    private static final class RestartFromZero extends IOException {
        RestartFromZero(String message) {
            super(message);
        }
    }
}
