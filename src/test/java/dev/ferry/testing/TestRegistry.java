package dev.ferry.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's docker-registry on loopback behind TLS from a test CA, with token auth from a {@link TokenIssuer},
 * as ghcr.io and Docker Hub answer pulls; content is pushed with skopeo.
 */
public final class TestRegistry implements AutoCloseable {
    public static final String BINARY = "docker-registry";

    private final TestPki pki;
    private final TokenIssuer issuer;
    private final Daemon daemon;
    private final int port;

    private TestRegistry(TestPki pki, TokenIssuer issuer, Daemon daemon, int port) {
        this.pki = pki;
        this.issuer = issuer;
        this.daemon = daemon;
        this.port = port;
    }

    /** Starts issuer and registry with their state under {@code dir}; {@code users} may pull and push. */
    public static TestRegistry start(Path dir, TestPki pki, Map<String, String> users) throws Exception {
        TokenIssuer issuer = new TokenIssuer(pki, users);
        try {
            Files.createDirectories(dir.resolve("storage"));
            Path rootCert = issuer.writeRootCert(dir.resolve("token-signer.crt"));
            int port = Daemon.freePort();
            Path config = dir.resolve("config.yml");
            Files.writeString(config, String.join("\n",
                    "version: 0.1",
                    "log:",
                    "  level: warn",
                    "storage:",
                    "  filesystem:",
                    "    rootdirectory: " + dir.resolve("storage"),
                    "http:",
                    "  addr: 127.0.0.1:" + port,
                    "  tls:",
                    "    certificate: " + pki.certFile(),
                    "    key: " + pki.keyFile(),
                    "auth:",
                    "  token:",
                    "    realm: " + issuer.realm(),
                    "    service: " + TokenIssuer.SERVICE,
                    "    issuer: " + TokenIssuer.ISSUER,
                    "    rootcertbundle: " + rootCert,
                    ""));
            Daemon d = Daemon.start(BINARY, List.of(BINARY, "serve", config.toString()), dir.resolve("registry.log"), port);
            return new TestRegistry(pki, issuer, d, port);
        } catch (Exception e) {
            issuer.close();
            throw e;
        }
    }

    public String host() {
        return "127.0.0.1:" + port;
    }

    public TokenIssuer issuer() {
        return issuer;
    }

    public Daemon daemon() {
        return daemon;
    }

    /** {@code skopeo copy --all --preserve-digests} of an OCI layout's {@code tag} to {@code repository:tag}. */
    public void push(Path layout, String tag, String repository, String user, String password) throws IOException, InterruptedException {
        skopeo("copy", "--all", "--preserve-digests", "--dest-creds", user + ":" + password,
                "--dest-cert-dir", pki.certDir().toString(), "oci:" + layout + ":" + tag, "docker://" + host() + "/" + repository + ":" + tag);
    }

    /** The manifest bytes skopeo reads for {@code repository:tag} (an anonymous pull). */
    public byte[] rawManifest(String repository, String tag) throws IOException, InterruptedException {
        return skopeo("inspect", "--raw", "--cert-dir", pki.certDir().toString(), "docker://" + host() + "/" + repository + ":" + tag);
    }

    private byte[] skopeo(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("skopeo", "--insecure-policy"));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile("skopeo", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile());
            pb.environment().put("REGISTRY_AUTH_FILE", err.resolveSibling(err.getFileName() + ".auth.json").toString());
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("skopeo " + String.join(" ", args) + " did not finish");
            }
            if (p.exitValue() != 0) {
                throw new IOException("skopeo " + String.join(" ", args) + " failed: " + Files.readString(err, StandardCharsets.UTF_8));
            }
            return out;
        } finally {
            Files.deleteIfExists(err);
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            daemon.close();
        } finally {
            issuer.close();
        }
    }
}
