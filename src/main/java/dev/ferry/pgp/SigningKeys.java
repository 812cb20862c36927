package dev.ferry.pgp;

import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.bcpg.sig.Features;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.PGPKeyPairGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPairGeneratorProvider;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;

/**
 * Generates bundle-signing keys: one v4 OpenPGP primary key that certifies and signs (Ed25519 in
 * the EdDSA form every gpg since 2.1 reads, or RSA), with one user id and SHA-512 self-signatures.
 * No encryption subkey: the key exists only to sign bundles.
 */
public final class SigningKeys {

    public enum Algorithm {
        ED25519, RSA3072, RSA4096;

        public static Algorithm parse(String text) {
            try {
                return valueOf(text.toUpperCase(Locale.ROOT).replace("-", ""));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown key algorithm '" + text + "'; use ed25519, rsa3072 or rsa4096");
            }
        }
    }

    /** A generated key: the secret key ring and its public certificate. */
    public record Generated(PGPSecretKeyRing secret, PGPPublicKeyRing publicKeys, String fingerprint) {
    }

    private SigningKeys() {
    }

    /** @param validFor null for a key that does not expire */
    public static Generated generate(String userId, Algorithm algorithm, Instant created, Duration validFor) throws IOException {
        try {
            PGPKeyPairGenerator generator = new BcPGPKeyPairGeneratorProvider().get(PublicKeyPacket.VERSION_4, Date.from(created));
            PGPKeyPair pair = switch (algorithm) {
                case ED25519 -> generator.generateLegacyEd25519KeyPair();
                case RSA3072 -> generator.generateRsaKeyPair(3072);
                case RSA4096 -> generator.generateRsaKeyPair(4096);
            };
            PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
            hashed.setKeyFlags(true, KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA);
            hashed.setPreferredHashAlgorithms(false, new int[]{HashAlgorithmTags.SHA512, HashAlgorithmTags.SHA384, HashAlgorithmTags.SHA256});
            hashed.setFeature(false, Features.FEATURE_MODIFICATION_DETECTION);
            hashed.setIssuerFingerprint(false, pair.getPublicKey());
            if (validFor != null) hashed.setKeyExpirationTime(true, validFor.getSeconds());
            PGPKeyRingGenerator rings = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, pair, userId,
                    new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1), hashed.generate(), null,
                    new BcPGPContentSignerBuilder(pair.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA512), null);
            PGPSecretKeyRing secret = rings.generateSecretKeyRing();
            PGPPublicKeyRing publicKeys = rings.generatePublicKeyRing();
            return new Generated(secret, publicKeys, PgpFormat.hex(publicKeys.getPublicKey().getFingerprint()));
        } catch (PGPException e) {
            throw new IOException("key generation failed: " + e.getMessage(), e);
        }
    }

    /** Writes {@code dir/name.key} (secret, owner-only) and {@code dir/name.asc} (public); refuses to overwrite either. */
    public static void write(Generated key, Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Path secretFile = dir.resolve(name + ".key");
        Path publicFile = dir.resolve(name + ".asc");
        for (Path p : new Path[]{secretFile, publicFile}) {
            if (Files.exists(p)) throw new FileAlreadyExistsException(p + " exists; refusing to overwrite a key");
        }
        byte[] secret = armored(key.secret().getEncoded());
        byte[] pub = armored(key.publicKeys().getEncoded());
        try (OutputStream out = Files.newOutputStream(secretFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            try {
                Files.setPosixFilePermissions(secretFile, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the file system has no POSIX permissions; the directory's protection applies
            }
            out.write(secret);
        }
        Files.write(publicFile, pub, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    static byte[] armored(byte[] binary) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ArmoredOutputStream armor = ArmoredOutputStream.builder().clearHeaders().build(buf)) {
            armor.write(binary);
        }
        return buf.toByteArray();
    }
}
