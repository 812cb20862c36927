package dev.ferry.http;

import dev.ferry.config.ConfigLoader;
import dev.ferry.config.FerryConfig;
import dev.ferry.store.Store;
import dev.ferry.testing.TlsClients;
import dev.ferry.tls.PkiDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TlsServerTest {
    @TempDir
    Path tmp;
    FerryServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private PkiDirectory pki(String name) throws Exception {
        PkiDirectory pki = new PkiDirectory(tmp.resolve(name));
        pki.init("Test CA", List.of("localhost"), List.of(InetAddress.getByName("127.0.0.1")), Duration.ofDays(30),
                Duration.ofDays(10), false);
        return pki;
    }

    private FerryServer start(PkiDirectory pki, Map<String, String> extra) throws Exception {
        Map<String, String> flags = new HashMap<>(Map.of("server.host", "127.0.0.1", "server.port", "0", "tls.port", "0",
                "tls.cert", pki.file(PkiDirectory.SERVER_CERT).toString(),
                "tls.key", pki.file(PkiDirectory.SERVER_KEY).toString(), "tls.reloadInterval", "1h"));
        flags.putAll(extra);
        FerryConfig config = ConfigLoader.load(null, Map.of(), flags);
        return server = dev.ferry.app.FerryApp.serve(config, Store.create(tmp.resolve("store")));
    }

    @Test
    void servesOverTlsWithTheGeneratedChainAndPlainHttpBeside() throws Exception {
        PkiDirectory pki = pki("pki");
        start(pki, Map.of());
        assertTrue(server.port() > 0 && server.httpsPort() > 0 && server.port() != server.httpsPort());
        SSLContext trusting = TlsClients.trusting(pki.file(PkiDirectory.CA_CERT));
        try (SSLSocket s = TlsClients.connect(trusting, server.httpsPort())) {
            assertEquals("200 ok\n", TlsClients.get(s, "/healthz"));
            assertTrue(List.of("TLSv1.3", "TLSv1.2").contains(s.getSession().getProtocol()));
        }
        try (var plain = new java.net.Socket("127.0.0.1", server.port())) {
            plain.setSoTimeout(10_000);
            assertEquals("200 ok\n", TlsClients.get(plain, "/healthz"));
        }
        SSLContext other = TlsClients.trusting(pki("other").file(PkiDirectory.CA_CERT));
        assertThrows(SSLHandshakeException.class, () -> TlsClients.connect(other, server.httpsPort()).close());
    }

    @Test
    void oldProtocolsAreRefused() throws Exception {
        PkiDirectory pki = pki("pki");
        start(pki, Map.of("tls.minVersion", "TLSv1.3"));
        SSLContext trusting = TlsClients.trusting(pki.file(PkiDirectory.CA_CERT));
        SSLSocket s = (SSLSocket) trusting.getSocketFactory().createSocket("127.0.0.1", server.httpsPort());
        s.setEnabledProtocols(new String[]{"TLSv1.2"});
        assertThrows(javax.net.ssl.SSLException.class, s::startHandshake);
        s.close();
    }

    @Test
    void renewedCertificateIsServedToNewConnectionsWhileOpenOnesKeepWorking() throws Exception {
        PkiDirectory pki = pki("pki");
        start(pki, Map.of());
        SSLContext trusting = TlsClients.trusting(pki.file(PkiDirectory.CA_CERT));
        try (SSLSocket kept = TlsClients.connect(trusting, server.httpsPort())) {
            assertEquals("200 ok\n", TlsClients.get(kept, "/healthz"));
            var before = TlsClients.serverCertificate(kept).getSerialNumber();

            pki.renew(List.of(), List.of(), Duration.ofDays(5));
            assertTrue(server.reloadCertificates());
            assertFalse(server.reloadCertificates(), "unchanged files are not applied again");

            assertEquals("200 ok\n", TlsClients.get(kept, "/healthz"), "the open keep-alive connection survives");
            for (int i = 0; i < 4; i++) { // every event loop's listener has the new certificate
                try (SSLSocket fresh = TlsClients.connect(trusting, server.httpsPort())) {
                    assertNotEquals(before, TlsClients.serverCertificate(fresh).getSerialNumber());
                    assertEquals("200 ok\n", TlsClients.get(fresh, "/healthz"));
                }
            }
        }
    }

    @Test
    void aMismatchedPairOnDiskIsNotAppliedAndTheOldCertificateStays() throws Exception {
        PkiDirectory pki = pki("pki");
        start(pki, Map.of());
        SSLContext trusting = TlsClients.trusting(pki.file(PkiDirectory.CA_CERT));
        var serving = TlsClients.connect(trusting, server.httpsPort());
        var serial = TlsClients.serverCertificate(serving).getSerialNumber();
        serving.close();
        PkiDirectory other = pki("other");
        Files.copy(other.file(PkiDirectory.SERVER_KEY), pki.file(PkiDirectory.SERVER_KEY), StandardCopyOption.REPLACE_EXISTING);
        assertFalse(server.reloadCertificates());
        Files.writeString(pki.file(PkiDirectory.SERVER_CERT), "garbage");
        assertFalse(server.reloadCertificates());
        try (SSLSocket s = TlsClients.connect(trusting, server.httpsPort())) {
            assertEquals(serial, TlsClients.serverCertificate(s).getSerialNumber());
            assertEquals("200 ok\n", TlsClients.get(s, "/healthz"));
        }
    }

    @Test
    void startRefusesKeysThatAreNotPkcs8OrDoNotMatch() throws Exception {
        PkiDirectory pki = pki("pki");
        Path sec1 = tmp.resolve("sec1.key");
        Files.writeString(sec1, "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBYr\n-----END EC PRIVATE KEY-----\n");
        var e = assertThrows(Exception.class, () -> start(pki, Map.of("tls.key", sec1.toString())));
        assertTrue(e.getMessage().contains("PKCS#8") || e.getMessage().contains("PEM"), e.getMessage());
        PkiDirectory other = pki("other");
        var mismatch = assertThrows(Exception.class,
                () -> start(pki, Map.of("tls.key", other.file(PkiDirectory.SERVER_KEY).toString())));
        assertTrue(mismatch.getMessage().contains("is not the private key"), mismatch.getMessage());
    }
}
