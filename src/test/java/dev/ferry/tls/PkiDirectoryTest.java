package dev.ferry.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PkiDirectoryTest {
    @TempDir
    Path tmp;

    @Test
    void initWritesACaAndAServerCertificateWithTheNamesAndPrivateKeys() throws Exception {
        PkiDirectory pki = new PkiDirectory(tmp.resolve("pki"));
        pki.init("Ferry local CA", List.of("ferry.ferry.svc", "ferry.local"), List.of(InetAddress.getByName("10.0.0.5")),
                Duration.ofDays(3650), Duration.ofDays(397), false);
        X509Certificate ca = Pem.certificates(Files.readString(pki.file("ca.crt")), "ca").get(0);
        X509Certificate server = Pem.certificates(Files.readString(pki.file("server.crt")), "server").get(0);
        server.verify(ca.getPublicKey());
        assertEquals(0, ca.getBasicConstraints());
        assertEquals(-1, server.getBasicConstraints());
        assertTrue(server.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "serverAuth");
        List<String> dns = new ArrayList<>();
        List<InetAddress> ips = new ArrayList<>();
        PkiDirectory.namesOf(server, dns, ips);
        assertEquals(List.of("ferry.ferry.svc", "ferry.local"), dns);
        assertEquals(List.of(InetAddress.getByName("10.0.0.5")), ips);
        for (String key : List.of("ca.key", "server.key")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.file(key))));
            assertTrue(Files.readString(pki.file(key)).startsWith("-----BEGIN PRIVATE KEY-----"), key + " is PKCS#8");
        }
        KeyStore ts = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(pki.file("truststore.p12"))) {
            ts.load(in, PkiDirectory.TRUSTSTORE_PASSWORD.toCharArray());
        }
        assertEquals(ca, ts.getCertificate("ferry-ca"));
    }

    @Test
    void initRefusesToReplaceACa() throws Exception {
        PkiDirectory pki = new PkiDirectory(tmp);
        pki.init("CA", List.of("a"), List.of(), Duration.ofDays(10), Duration.ofDays(1), false);
        String before = Files.readString(pki.file("ca.key"));
        assertThrows(IOException.class, () -> pki.init("CA", List.of("a"), List.of(), Duration.ofDays(10), Duration.ofDays(1), false));
        assertEquals(before, Files.readString(pki.file("ca.key")));
    }

    @Test
    void renewKeepsTheCaAndTheNamesWithANewKey() throws Exception {
        PkiDirectory pki = new PkiDirectory(tmp);
        pki.init("CA", List.of("ferry.example"), List.of(), Duration.ofDays(100), Duration.ofDays(200), false);
        String ca = Files.readString(pki.file("ca.crt"));
        String oldKey = Files.readString(pki.file("server.key"));
        X509Certificate first = Pem.certificates(Files.readString(pki.file("server.crt")), "s").get(0);
        assertTrue(!first.getNotAfter().after(Pem.certificates(ca, "ca").get(0).getNotAfter()), "never outlives the CA");
        pki.renew(List.of(), List.of(), Duration.ofDays(30));
        X509Certificate renewed = Pem.certificates(Files.readString(pki.file("server.crt")), "s").get(0);
        assertEquals(ca, Files.readString(pki.file("ca.crt")));
        assertNotEquals(oldKey, Files.readString(pki.file("server.key")));
        assertNotEquals(first.getSerialNumber(), renewed.getSerialNumber());
        renewed.verify(Pem.certificates(ca, "ca").get(0).getPublicKey());
        List<String> dns = new ArrayList<>();
        PkiDirectory.namesOf(renewed, dns, new ArrayList<>());
        assertEquals(List.of("ferry.example"), dns);
    }
}
