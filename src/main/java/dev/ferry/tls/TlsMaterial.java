package dev.ferry.tls;

import dev.ferry.config.TlsSettings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;

/**
 * The certificate chain, key and optional client CAs as read from disk, checked to be usable
 * together before a listener is given them (a half-replaced pair is refused, not served).
 *
 * @param certPem     the chain, server certificate first
 * @param keyPem      the PKCS#8 key
 * @param clientCaPem CAs for client certificates, empty when none
 * @param leaf        the server certificate
 * @param fingerprint changes whenever any of the three files' bytes change
 */
public record TlsMaterial(String certPem, String keyPem, String clientCaPem, X509Certificate leaf, String fingerprint) {

    public static TlsMaterial load(TlsSettings settings) throws IOException {
        String certPem = read(settings.cert(), "tls.cert");
        String keyPem = read(settings.key(), "tls.key");
        String caPem = settings.clientCaSet() ? read(settings.clientCa(), "tls.clientCa") : "";
        List<X509Certificate> chain = Pem.certificates(certPem, settings.cert());
        PrivateKey key = Pem.privateKey(keyPem, settings.key());
        X509Certificate leaf = chain.get(0);
        if (!KeyMatch.matches(key, leaf.getPublicKey())) {
            throw new IOException(settings.key() + " is not the private key of the first certificate in " + settings.cert());
        }
        if (!caPem.isEmpty()) Pem.certificates(caPem, settings.clientCa());
        return new TlsMaterial(certPem, keyPem, caPem, leaf, fingerprint(certPem, keyPem, caPem));
    }

    private static String read(String file, String setting) throws IOException {
        try {
            return Files.readString(Path.of(file), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IOException(setting + ": cannot read " + file + ": " + why(e), e);
        }
    }

    /** The JDK names only the path for a missing or unreadable file; say what happened. */
    public static String why(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file";
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        return String.valueOf(e.getMessage());
    }

    private static String fingerprint(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                sha.update(p.getBytes(StandardCharsets.US_ASCII));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
