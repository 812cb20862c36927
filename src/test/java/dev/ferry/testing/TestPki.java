package dev.ferry.testing;

import dev.ferry.tls.LocalCa;
import dev.ferry.tls.Pem;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;

/**
 * A test CA and a server certificate for 127.0.0.1, as files ({@code ca.crt}, {@code server.crt}, {@code server.key})
 * for real servers and as an SSLContext for in-process ones. 
 */
public record TestPki(Path dir, LocalCa ca, LocalCa.Issued server) {
    public static TestPki create(Path dir) throws IOException, GeneralSecurityException {
        LocalCa ca = LocalCa.create("ferry test CA", Duration.ofDays(1));
        LocalCa.Issued server = ca.issueServer(List.of("localhost"), List.of(InetAddress.getByName("127.0.0.1")), Duration.ofDays(1));
        Files.createDirectories(dir.resolve("ca"));
        Files.writeString(dir.resolve("ca/ca.crt"), Pem.encode(ca.certificate()));
        Files.writeString(dir.resolve("server.crt"), Pem.encode(server.certificate(), ca.certificate()));
        Files.writeString(dir.resolve("server.key"), Pem.encode(server.key()));
        return new TestPki(dir, ca, server);
    }

    public Path caFile() {
        return dir.resolve("ca/ca.crt");
    }

    /** A directory holding only {@code ca.crt}, as skopeo's {@code --cert-dir} wants it. */
    public Path certDir() {
        return dir.resolve("ca");
    }

    public Path certFile() {
        return dir.resolve("server.crt");
    }

    public Path keyFile() {
        return dir.resolve("server.key");
    }

    public SSLContext serverContext() throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", server.key(), new char[0], new Certificate[]{server.certificate(), ca.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }
}
