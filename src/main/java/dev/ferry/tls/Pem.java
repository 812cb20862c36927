package dev.ferry.tls;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * PEM reading and writing for the TLS material Ferry uses: certificate chains, and private keys
 * in PKCS#8 only ({@code BEGIN PRIVATE KEY}), the one form every consumer here reads.
 */
public final class Pem {
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    private Pem() {
    }

    /** Every certificate in the text, in order; fails when there is none or anything else is mixed in. */
    public static List<X509Certificate> certificates(String pem, String origin) throws IOException {
        List<X509Certificate> certs = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object o; (o = parser.readObject()) != null; ) {
                if (!(o instanceof X509CertificateHolder holder)) {
                    throw new IOException(origin + ": expected only certificates, found " + o.getClass().getSimpleName());
                }
                certs.add(new JcaX509CertificateConverter().getCertificate(holder));
            }
        } catch (CertificateException | RuntimeException e) {
            throw new IOException(origin + ": not a readable PEM certificate: " + e.getMessage(), e);
        }
        if (certs.isEmpty()) throw new IOException(origin + ": no PEM certificate found");
        return certs;
    }

    /** The single PKCS#8 private key in the text; other key encodings are refused with a conversion hint. */
    public static PrivateKey privateKey(String pem, String origin) throws IOException {
        if (pem.contains("-----BEGIN EC PRIVATE KEY-----") || pem.contains("-----BEGIN RSA PRIVATE KEY-----")) {
            throw new IOException(origin + ": the key is not PKCS#8 (BEGIN PRIVATE KEY); convert it with "
                    + "'openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8'");
        }
        if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw new IOException(origin + ": the key is encrypted; a server key must be readable without a passphrase");
        }
        Object o;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            o = parser.readObject();
            if (o != null && parser.readObject() != null) throw new IOException(origin + ": more than one PEM object");
        } catch (org.bouncycastle.openssl.PEMException | RuntimeException e) {
            throw new IOException(origin + ": not a readable PEM key: " + e.getMessage(), e);
        }
        if (!(o instanceof PrivateKeyInfo info)) {
            throw new IOException(origin + ": no unencrypted PKCS#8 private key (BEGIN PRIVATE KEY) found");
        }
        return new JcaPEMKeyConverter().getPrivateKey(info);
    }

    public static String encode(X509Certificate... certs) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            for (X509Certificate c : certs) w.writeObject(c);
        }
        return out.toString();
    }

    public static String encode(PrivateKey key) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(new JcaPKCS8Generator(key, null));
        }
        return out.toString();
    }

    /** Writes through a sibling temp file created with {@code permissions}, then renames: never a readable half-key. */
    public static void write(Path file, String text, Set<PosixFilePermission> permissions) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(permissions));
        try {
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(tmp, permissions); // the umask may have narrowed the public ones
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
