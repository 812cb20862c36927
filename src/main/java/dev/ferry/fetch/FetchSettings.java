package dev.ferry.fetch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the connected side downloads.
 *
 * @param cacheDir         the download cache shared by runs
 * @param concurrency      downloads at once
 * @param attempts         tries per request, the first included
 * @param readTimeout      longest wait for response headers and between two reads of a body
 * @param cacert           extra trusted CAs (PEM), added to the system trust store; null for none
 * @param registryAuthFile a docker {@code config.json}; null for anonymous pulls only
 * @param proxyEnv         {@code HTTPS_PROXY}, {@code HTTP_PROXY}, {@code NO_PROXY} (either case) as the environment gives them
 * @param maxBytes         a body announcing or sending more is refused
 * @param backoff          the first retry delay, doubled on each retry (with jitter)
 * @param maxRetryWait     the longest delay honoured from {@code Retry-After} or backoff
 */
public record FetchSettings(Path cacheDir, int concurrency, int attempts, Duration connectTimeout, Duration readTimeout,
                            Path cacert, Path registryAuthFile, Map<String, String> proxyEnv, long maxBytes,
                            Duration backoff, Duration maxRetryWait) {
    public static final int DEFAULT_CONCURRENCY = 4;
    public static final int DEFAULT_ATTEMPTS = 4;
    public static final long DEFAULT_MAX_BYTES = 64L << 30;

    public FetchSettings {
        if (cacheDir == null) throw new IllegalArgumentException("cacheDir is required");
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be at least 1");
        if (attempts < 1) throw new IllegalArgumentException("attempts must be at least 1");
        proxyEnv = Map.copyOf(proxyEnv == null ? Map.of() : proxyEnv);
    }

    /** Defaults with the cache in {@code cacheDir}: no proxy, no extra CA, anonymous. */
    public static FetchSettings defaults(Path cacheDir) {
        return new FetchSettings(cacheDir, DEFAULT_CONCURRENCY, DEFAULT_ATTEMPTS, Duration.ofSeconds(10),
                Duration.ofSeconds(60), null, null, Map.of(), DEFAULT_MAX_BYTES, Duration.ofSeconds(1), Duration.ofSeconds(60));
    }

    /**
     * Settings as the environment gives them: cache in {@code $XDG_CACHE_HOME/ferry} or {@code ~/.cache/ferry}; the
     * auth file is {@code registryAuth} when given, else {@code REGISTRY_AUTH_FILE}, else the docker config if it exists.
     */
    public static FetchSettings fromEnvironment(Map<String, String> env, Path cacert, Path registryAuth) {
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        String xdg = env.get("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg, "ferry") : Path.of(home, ".cache", "ferry");
        Path auth = registryAuth;
        if (auth == null && env.get("REGISTRY_AUTH_FILE") != null && !env.get("REGISTRY_AUTH_FILE").isBlank()) {
            auth = Path.of(env.get("REGISTRY_AUTH_FILE"));
        }
        if (auth == null) {
            String dockerConfig = env.get("DOCKER_CONFIG");
            Path docker = dockerConfig != null ? Path.of(dockerConfig, "config.json") : Path.of(home, ".docker", "config.json");
            if (Files.isRegularFile(docker)) auth = docker;
        }
        Map<String, String> proxy = new TreeMap<>();
        for (String k : new String[]{"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy"}) {
            if (env.get(k) != null) proxy.put(k, env.get(k));
        }
        return defaults(cache).withCacert(cacert).withRegistryAuthFile(auth).withProxyEnv(proxy);
    }

    public FetchSettings withCacheDir(Path dir) {
        return new FetchSettings(dir, concurrency, attempts, connectTimeout, readTimeout, cacert, registryAuthFile, proxyEnv, maxBytes, backoff, maxRetryWait);
    }

    public FetchSettings withConcurrency(int n) {
        return new FetchSettings(cacheDir, n, attempts, connectTimeout, readTimeout, cacert, registryAuthFile, proxyEnv, maxBytes, backoff, maxRetryWait);
    }

    public FetchSettings withAttempts(int n) {
        return new FetchSettings(cacheDir, concurrency, n, connectTimeout, readTimeout, cacert, registryAuthFile, proxyEnv, maxBytes, backoff, maxRetryWait);
    }

    public FetchSettings withTimeouts(Duration connect, Duration read) {
        return new FetchSettings(cacheDir, concurrency, attempts, connect, read, cacert, registryAuthFile, proxyEnv, maxBytes, backoff, maxRetryWait);
    }

    public FetchSettings withCacert(Path file) {
        return new FetchSettings(cacheDir, concurrency, attempts, connectTimeout, readTimeout, file, registryAuthFile, proxyEnv, maxBytes, backoff, maxRetryWait);
    }

    public FetchSettings withRegistryAuthFile(Path file) {
        return new FetchSettings(cacheDir, concurrency, attempts, connectTimeout, readTimeout, cacert, file, proxyEnv, maxBytes, backoff, maxRetryWait);
    }

    public FetchSettings withProxyEnv(Map<String, String> env) {
        return new FetchSettings(cacheDir, concurrency, attempts, connectTimeout, readTimeout, cacert, registryAuthFile, env, maxBytes, backoff, maxRetryWait);
    }

    public FetchSettings withMaxBytes(long n) {
        return new FetchSettings(cacheDir, concurrency, attempts, connectTimeout, readTimeout, cacert, registryAuthFile, proxyEnv, n, backoff, maxRetryWait);
    }

    public FetchSettings withBackoff(Duration first, Duration maxWait) {
        return new FetchSettings(cacheDir, concurrency, attempts, connectTimeout, readTimeout, cacert, registryAuthFile, proxyEnv, maxBytes, first, maxWait);
    }
}
