package dev.ferry.testing;

import dev.ferry.store.FileTrees;
import dev.ferry.store.s3.BucketSettings;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * S3Proxy (a real S3-compatible server with atomic create-if-absent writes) run by a test as its
 * own JVM on loopback, its objects in a temp directory; stopped by PID. The jar is copied into
 * {@code target/s3proxy/} by the build (see pom.xml).
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "ferry-test-key";
    public static final String SECRET_KEY = "ferry-test-secret";
    public static final String REGION = "us-east-1";

    private final Process process;
    private final int port;
    private final Path log;
    private final String scheme;
    private final S3Client client;

    private S3ProxyServer(Process process, int port, Path log, String scheme, TestPki pki) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.scheme = scheme;
        Apache5HttpClient.Builder http = Apache5HttpClient.builder();
        if (pki != null) http.tlsTrustManagersProvider(() -> trusting(pki).getTrustManagers());
        this.client = S3Client.builder().endpointOverride(endpoint()).region(Region.of(REGION)).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClientBuilder(http).build();
    }

    /**
     * S3Proxy answering HTTPS only, with a certificate for 127.0.0.1 from {@code pki}'s CA (what
     * {@code store.s3.caFile} is for).
     */
    public static S3ProxyServer startTls(Path dir, TestPki pki) throws IOException, InterruptedException, java.security.GeneralSecurityException {
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        char[] password = "s3proxy-test".toCharArray();
        ks.setKeyEntry("server", pki.server().key(), password, new java.security.cert.Certificate[]{pki.server().certificate(),
                pki.ca().certificate()});
        Path keystore = dir.resolve("s3proxy.p12");
        try (var out = Files.newOutputStream(keystore)) {
            ks.store(out, password);
        }
        return start(dir, "aws-v2-or-v4", "https", List.of("s3proxy.keystore-path=" + keystore.toAbsolutePath(),
                "s3proxy.keystore-password=" + new String(password)), pki);
    }

    private static javax.net.ssl.TrustManagerFactory trusting(TestPki pki) {
        try {
            java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", pki.ca().certificate());
            javax.net.ssl.TrustManagerFactory f = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            f.init(trust);
            return f;
        } catch (java.security.GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path jar() {
        Path jar = Path.of(System.getProperty("ferry.s3proxy.jar", "target/s3proxy/s3proxy.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing; run 'mvn process-test-resources' once (online) to fetch S3Proxy");
        }
        return jar;
    }

    private static final Map<String, S3ProxyServer> SHARED = new java.util.HashMap<>();

    /**
     * The S3Proxy every test class of this JVM shares, checking signatures; each class works in
     * buckets of its own ({@link #createBucket}). Started on first use with its data in a fresh
     * temp directory, stopped by PID when the JVM exits. Sets the test credentials for the SDK.
     */
    public static S3ProxyServer shared() {
        return shared("aws-v2-or-v4");
    }

    /** The shared S3Proxy that checks no signature, for tests behind a gateway that rewrites signed requests. */
    public static S3ProxyServer sharedUnsigned() {
        return shared("none");
    }

    private static synchronized S3ProxyServer shared(String authorization) {
        useTestCredentials();
        S3ProxyServer server = SHARED.get(authorization);
        if (server != null) return server;
        try {
            Path dir = Files.createTempDirectory("ferry-s3proxy-");
            S3ProxyServer started = start(dir, authorization);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
                try {
                    FileTrees.deleteRecursively(dir);
                } catch (IOException ignored) {
                    // a temp directory left behind
                }
            }));
            SHARED.put(authorization, started);
            return started;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts S3Proxy with its data under {@code dir} and waits for {@code /healthz}. */
    public static S3ProxyServer start(Path dir) throws IOException, InterruptedException {
        return start(dir, "aws-v2-or-v4");
    }

    /**
     * @param authorization {@code aws-v2-or-v4}, or {@code none} for a server behind a gateway
     *                      that rewrites signed requests
     */
    public static S3ProxyServer start(Path dir, String authorization) throws IOException, InterruptedException {
        return start(dir, authorization, "http", List.of(), null);
    }

    private static S3ProxyServer start(Path dir, String authorization, String scheme, List<String> extra, TestPki pki)
            throws IOException, InterruptedException {
        Path data = Files.createDirectories(dir.resolve("s3proxy-data"));
        int port = Daemon.freePort();
        Path conf = dir.resolve("s3proxy.conf");
        Files.writeString(conf, String.join("\n", extra) + "\n" + String.join("\n",
                (scheme.equals("https") ? "s3proxy.secure-endpoint=https" : "s3proxy.endpoint=http") + "://127.0.0.1:" + port,
                "s3proxy.authorization=" + authorization,
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + data.toAbsolutePath(), ""));
        Path log = dir.resolve("s3proxy.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", jar().toAbsolutePath().toString(), "--properties", conf.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new IOException("S3Proxy exited with " + p.exitValue() + ": " + Files.readString(log));
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(scheme + "://127.0.0.1:" + port + "/healthz").toURL().openConnection();
                if (c instanceof javax.net.ssl.HttpsURLConnection https) {
                    javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
                    ctx.init(null, trusting(pki).getTrustManagers(), null);
                    https.setSSLSocketFactory(ctx.getSocketFactory());
                }
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                if (c.getResponseCode() == 200) return new S3ProxyServer(p, port, log, scheme, pki);
            } catch (java.security.GeneralSecurityException e) {
                throw new IOException(e);
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        p.destroyForcibly();
        throw new IOException("S3Proxy did not answer /healthz within 60 s: " + Files.readString(log));
    }

    public URI endpoint() {
        return URI.create(scheme + "://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** A fresh bucket with a unique name. */
    public String createBucket() {
        String name = "ferry-" + UUID.randomUUID().toString().substring(0, 13);
        client.createBucket(b -> b.bucket(name));
        return name;
    }

    /** The backend settings for {@code bucket}: small multipart threshold so tests cross it. */
    public BucketSettings settings(String bucket, String prefix, Duration gcGrace) {
        return new BucketSettings(endpoint(), bucket, prefix, REGION, true, null, 5L << 20, 0, gcGrace);
    }

    /** Makes the SDK's default credential chain in this JVM find the test credentials. */
    public static void useTestCredentials() {
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
    }

    /** Environment for a child process (ferry launched as its own JVM) to reach this server. */
    public static Map<String, String> credentialEnvironment() {
        return Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY, "AWS_REGION", REGION);
    }

    /** Writes an object directly, bypassing Ferry (to damage a blob, say). */
    public void putObject(String bucket, String key, byte[] content) {
        client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
    }

    public byte[] getObject(String bucket, String key) throws IOException {
        try (InputStream in = client.getObject(b -> b.bucket(bucket).key(key))) {
            return in.readAllBytes();
        }
    }

    public boolean exists(String bucket, String key) {
        try {
            client.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) return false;
            throw e;
        }
    }

    /** Keys under {@code prefix}, in order. */
    public List<String> keys(String bucket, String prefix) {
        return client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .map(software.amazon.awssdk.services.s3.model.S3Object::key).toList();
    }

    public void deleteObject(String bucket, String key) {
        client.deleteObject(b -> b.bucket(bucket).key(key));
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** Stops this PID (SIGTERM, then SIGKILL if it lingers). */
    @Override
    public void close() throws InterruptedException {
        client.close();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
