package dev.ferry.pgp;

import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPObjectFactory;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.api.OpenPGPCertificate.OpenPGPComponentKey;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;

/** Signs with the secret key of an OpenPGP key file ({@code ferry keys generate} writes one; gpg's exported secret keys work too). */
public final class KeyFileSigner implements DetachedSigner {
    private final Path file;
    private final PGPPublicKey publicKey;
    private final PGPPrivateKey privateKey;
    private final String fingerprint;

    private KeyFileSigner(Path file, PGPPublicKey publicKey, PGPPrivateKey privateKey, String fingerprint) {
        this.file = file;
        this.publicKey = publicKey;
        this.privateKey = privateKey;
        this.fingerprint = fingerprint;
    }

    /**
     * @param passphrase for a passphrase-protected key; null or empty for an unprotected one
     */
    public static KeyFileSigner load(Path file, char[] passphrase) throws IOException {
        PGPSecretKeyRing ring = readSecretKeyRing(file);
        OpenPGPCertificate cert = new OpenPGPCertificate(ring);
        List<OpenPGPComponentKey> signing = cert.getSigningKeys(new Date());
        if (signing.isEmpty()) throw new IOException(file + ": the key has no valid signing key (revoked, expired or no sign flag)");
        OpenPGPComponentKey chosen = signing.get(0);
        PGPSecretKey secret = ring.getSecretKey(chosen.getKeyIdentifier());
        if (secret == null || secret.isPrivateKeyEmpty()) {
            throw new IOException(file + ": the signing key's secret part is not in the file (on a smartcard?); sign with --gpg-key instead");
        }
        try {
            boolean protectedKey = secret.getKeyEncryptionAlgorithm() != SymmetricKeyAlgorithmTags.NULL;
            if (protectedKey && (passphrase == null || passphrase.length == 0)) {
                throw new IOException(file + ": the secret key is passphrase-protected; set FERRY_SIGN_KEY_PASSPHRASE");
            }
            PGPPrivateKey privateKey = secret.extractPrivateKey(protectedKey
                    ? new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider()).build(passphrase) : null);
            return new KeyFileSigner(file, secret.getPublicKey(), privateKey, PgpFormat.hex(cert.getFingerprint()));
        } catch (PGPException e) {
            throw new IOException(file + ": cannot unlock the secret key: " + e.getMessage(), e);
        }
    }

    static PGPSecretKeyRing readSecretKeyRing(Path file) throws IOException {
        try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(file))) {
            PGPObjectFactory factory = new BcPGPObjectFactory(in);
            Object o = factory.nextObject();
            if (o instanceof PGPSecretKeyRing ring) return ring;
            throw new IOException(file + ": not an OpenPGP secret key" + (o == null ? "" : " (found " + o.getClass().getSimpleName() + ")"));
        } catch (RuntimeException e) {
            throw new IOException(file + ": not a readable OpenPGP secret key: " + e.getMessage(), e);
        }
    }

    /** Fingerprint of the certificate (primary key) the signatures verify against. */
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public byte[] sign(byte[] data) throws IOException {
        try {
            PGPSignatureGenerator generator = new PGPSignatureGenerator(
                    new BcPGPContentSignerBuilder(publicKey.getAlgorithm(), HashAlgorithmTags.SHA512), publicKey);
            generator.init(PGPSignature.BINARY_DOCUMENT, privateKey);
            PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
            hashed.setSignatureCreationTime(true, new Date());
            hashed.setIssuerFingerprint(false, publicKey);
            generator.setHashedSubpackets(hashed.generate());
            generator.update(data);
            return generator.generate().getEncoded();
        } catch (PGPException e) {
            throw new IOException("signing with " + file + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "key file " + file + " (" + fingerprint + ")";
    }
}
