package dev.ferry.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;

/**
 * A certificate authority that lives in two files inside the gap: it signs the server
 * certificate, and its certificate is what clients are told to trust. Keys are ECDSA P-256,
 * which curl, Go (Trivy, falcoctl, skopeo) and the JDK (OpenSearch) all accept.
 */
public record LocalCa(X509Certificate certificate, PrivateKey key) {
    private static final String SIGNATURE = "SHA256withECDSA";
    /** Issued certificates start slightly in the past so a client whose clock lags still accepts them. */
    private static final Duration BACKDATE = Duration.ofHours(1);

    /** A new self-signed CA, allowed to sign end-entity certificates only (path length 0). */
    public static LocalCa create(String commonName, Duration validity) throws GeneralSecurityException, CertIOException {
        KeyPair kp = newKeyPair();
        X500Name name = new X500Name("CN=" + escape(commonName));
        Instant now = Instant.now();
        var ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(BACKDATE)),
                Date.from(now.plus(validity)), name, kp.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
        return new LocalCa(sign(b, kp.getPrivate()), kp.getPrivate());
    }

    /** Checks that the key belongs to the certificate and the certificate may sign others. */
    public LocalCa {
        if (!KeyMatch.matches(key, certificate.getPublicKey())) {
            throw new IllegalArgumentException("the CA key does not belong to the CA certificate");
        }
        if (certificate.getBasicConstraints() < 0) throw new IllegalArgumentException("the CA certificate is not a CA");
    }

    /**
     * A server certificate for {@code dnsNames} and {@code ips} (subject alternative names, which
     * is what clients check; the common name is only a label) with a fresh key.
     */
    public Issued issueServer(Collection<String> dnsNames, Collection<InetAddress> ips, Duration validity)
            throws GeneralSecurityException, CertIOException {
        if (dnsNames.isEmpty() && ips.isEmpty()) throw new IllegalArgumentException("give at least one DNS name or IP address");
        KeyPair kp = newKeyPair();
        List<GeneralName> sans = new ArrayList<>();
        dnsNames.forEach(d -> sans.add(new GeneralName(GeneralName.dNSName, d)));
        ips.forEach(ip -> sans.add(new GeneralName(GeneralName.iPAddress, ip.getHostAddress())));
        String cn = dnsNames.isEmpty() ? ips.iterator().next().getHostAddress() : dnsNames.iterator().next();
        Instant now = Instant.now();
        Instant notAfter = now.plus(validity);
        if (notAfter.isAfter(certificate.getNotAfter().toInstant())) notAfter = certificate.getNotAfter().toInstant();
        var ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, serial(), Date.from(now.minus(BACKDATE)),
                Date.from(notAfter), new X500Name("CN=" + escape(cn)), kp.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)))
                .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate))
                .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
        X509Certificate cert = sign(b, key);
        cert.verify(certificate.getPublicKey());
        return new Issued(cert, kp.getPrivate());
    }

    /** A certificate and its private key. */
    public record Issued(X509Certificate certificate, PrivateKey key) {
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        return g.generateKeyPair();
    }

    /** Positive and below 2^127, so it fits the 20 octets RFC 5280 allows. */
    private static BigInteger serial() {
        return new BigInteger(127, new SecureRandom()).add(BigInteger.ONE);
    }

    private static String escape(String rdnValue) {
        return rdnValue.replaceAll("([,+=\"\\\\<>;#])", "\\\\$1");
    }
}
