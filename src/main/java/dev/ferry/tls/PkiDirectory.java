package dev.ferry.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The files of Ferry's local PKI in one directory: {@code ca.crt} / {@code ca.key} (the CA),
 * {@code server.crt} / {@code server.key} (what {@code ferry serve} uses) and
 * {@code truststore.p12} (the CA for JVM clients such as OpenSearch). Keys are PKCS#8, mode 0600.
 */
public final class PkiDirectory {
    public static final String CA_CERT = "ca.crt";
    public static final String CA_KEY = "ca.key";
    public static final String SERVER_CERT = "server.crt";
    public static final String SERVER_KEY = "server.key";
    public static final String TRUSTSTORE = "truststore.p12";
    /** The truststore holds only the public CA certificate, so its password guards nothing; JVMs need one all the same. */
    public static final String TRUSTSTORE_PASSWORD = "changeit";

    private final Path dir;

    public PkiDirectory(Path dir) {
        this.dir = dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    /** Creates the CA and a first server certificate; refuses to replace an existing CA unless {@code force}. */
    public LocalCa.Issued init(String caName, List<String> dnsNames, List<InetAddress> ips, Duration caValidity,
                               Duration serverValidity, boolean force) throws IOException, GeneralSecurityException {
        if (!force && (Files.exists(file(CA_KEY)) || Files.exists(file(CA_CERT)))) {
            throw new IOException(file(CA_KEY) + " already exists; use 'ferry tls renew' for a new server certificate "
                    + "(or --force to replace the CA, after which every client must be given the new ca.crt)");
        }
        LocalCa ca = LocalCa.create(caName, caValidity);
        LocalCa.Issued server = ca.issueServer(dnsNames, ips, serverValidity);
        Pem.write(file(CA_KEY), Pem.encode(ca.key()), Pem.OWNER_ONLY);
        Pem.write(file(CA_CERT), Pem.encode(ca.certificate()), Pem.PUBLIC);
        writeTruststore(ca.certificate());
        writeServer(server);
        return server;
    }

    /**
     * A new server key and certificate from the existing CA. Without names, the previous
     * certificate's names are kept.
     */
    public LocalCa.Issued renew(List<String> dnsNames, List<InetAddress> ips, Duration validity)
            throws IOException, GeneralSecurityException {
        LocalCa ca = loadCa();
        List<String> dns = new ArrayList<>(dnsNames);
        List<InetAddress> addresses = new ArrayList<>(ips);
        if (dns.isEmpty() && addresses.isEmpty()) {
            if (!Files.exists(file(SERVER_CERT))) throw new IOException("no " + file(SERVER_CERT) + " to take names from; give --dns/--ip");
            X509Certificate previous = Pem.certificates(read(SERVER_CERT), file(SERVER_CERT).toString()).get(0);
            namesOf(previous, dns, addresses);
        }
        LocalCa.Issued server = ca.issueServer(dns, addresses, validity);
        writeServer(server);
        return server;
    }

    public LocalCa loadCa() throws IOException {
        X509Certificate cert = Pem.certificates(read(CA_CERT), file(CA_CERT).toString()).get(0);
        try {
            return new LocalCa(cert, Pem.privateKey(read(CA_KEY), file(CA_KEY).toString()));
        } catch (IllegalArgumentException e) {
            throw new IOException(dir + ": " + e.getMessage(), e);
        }
    }

    /** Key first: a server polling the pair sees a mismatch for a moment and keeps the old one, never a broken pair. */
    private void writeServer(LocalCa.Issued server) throws IOException {
        Pem.write(file(SERVER_KEY), Pem.encode(server.key()), Pem.OWNER_ONLY);
        Pem.write(file(SERVER_CERT), Pem.encode(server.certificate()), Pem.PUBLIC);
    }

    private void writeTruststore(X509Certificate ca) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("ferry-ca", ca);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ks.store(out, TRUSTSTORE_PASSWORD.toCharArray());
        Path tmp = Files.createTempFile(dir, ".truststore", ".tmp");
        try {
            Files.write(tmp, out.toByteArray());
            Files.setPosixFilePermissions(tmp, Pem.PUBLIC);
            Files.move(tmp, file(TRUSTSTORE), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private String read(String name) throws IOException {
        return Files.readString(file(name), StandardCharsets.US_ASCII);
    }

    /** Subject alternative names of {@code cert}: DNS names into {@code dns}, IP addresses into {@code ips}. */
    public static void namesOf(X509Certificate cert, Collection<String> dns, Collection<InetAddress> ips) throws IOException {
        try {
            if (cert.getSubjectAlternativeNames() == null) return;
            for (List<?> san : cert.getSubjectAlternativeNames()) {
                int type = (Integer) san.get(0);
                if (type == 2) dns.add((String) san.get(1));
                if (type == 7) ips.add(InetAddress.getByName((String) san.get(1)));
            }
        } catch (CertificateParsingException e) {
            throw new IOException("cannot read the names of " + cert.getSubjectX500Principal() + ": " + e.getMessage(), e);
        }
    }
}
