package dev.ferry.pgp;

import dev.ferry.core.RejectedException;
import org.bouncycastle.bcpg.KeyIdentifier;
import org.bouncycastle.bcpg.SignatureSubpacket;
import org.bouncycastle.bcpg.SignatureSubpacketTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPObjectFactory;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.api.OpenPGPCertificate.OpenPGPComponentKey;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The OpenPGP certificates an admin trusts to sign bundles: every {@code *.asc}, {@code *.gpg},
 * {@code *.pgp} or {@code *.pub} file of one directory, armored or binary, one or many keys per
 * file (so {@code gpg --export [--armor] ID > DIR/name.asc} works). Other files are ignored.
 * <p>
 * Verification is deliberately strict: exactly one v4 binary-document signature in its canonical
 * encoding, an accepted hash, issuer identifiers that all name the verifying key, no unhashed
 * data besides those identifiers, and a key that is neither revoked nor expired and may sign.
 * Every byte of the signature therefore either is checked or makes verification fail.
 */
public final class TrustedKeys {
    public static final List<String> EXTENSIONS = List.of(".asc", ".gpg", ".pgp", ".pub");
    private static final Set<Integer> UNDERSTOOD_CRITICAL = Set.of(SignatureSubpacketTags.CREATION_TIME,
            SignatureSubpacketTags.EXPIRE_TIME, SignatureSubpacketTags.ISSUER_KEY_ID, SignatureSubpacketTags.ISSUER_FINGERPRINT);
    private static final Set<Integer> UNHASHED_ALLOWED = Set.of(SignatureSubpacketTags.ISSUER_KEY_ID,
            SignatureSubpacketTags.ISSUER_FINGERPRINT);

    private static final String NONE = "no trusted keys configured";
    private final String origin;
    private final List<Certificate> certificates;

    private TrustedKeys(String origin, List<Certificate> certificates) {
        this.origin = origin;
        this.certificates = List.copyOf(certificates);
    }

    /** A trusted certificate and the file it was read from. */
    public record Certificate(Path file, OpenPGPCertificate certificate) {
    }

    /** No trusted key at all: every signed bundle is refused as signed by an unknown key. */
    public static TrustedKeys none() {
        return new TrustedKeys(NONE, List.of());
    }

    /** Reads every key file of {@code dir}; a file that is not a public key is an error, not silently skipped. */
    public static TrustedKeys load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException(dir + ": not a directory of trusted keys");
        List<Certificate> all = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            List<Path> sorted = new ArrayList<>();
            files.forEach(sorted::add);
            sorted.sort(null);
            for (Path file : sorted) {
                if (!isKeyFile(file)) continue;
                try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                    for (OpenPGPCertificate c : read(file.toString(), in)) all.add(new Certificate(file, c));
                }
            }
        }
        return new TrustedKeys("trusted keys in " + dir, all);
    }

    /** Certificates from one stream (e.g. the output of {@code gpg --export}). */
    public static TrustedKeys of(String origin, byte[] keys) throws IOException {
        List<Certificate> all = new ArrayList<>();
        for (OpenPGPCertificate c : read(origin, new ByteArrayInputStream(keys))) all.add(new Certificate(Path.of(origin), c));
        return new TrustedKeys(origin, all);
    }

    static boolean isKeyFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return !name.startsWith(".") && Files.isRegularFile(file) && EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    private static List<OpenPGPCertificate> read(String origin, InputStream raw) throws IOException {
        List<OpenPGPCertificate> certs = new ArrayList<>();
        try (InputStream in = PGPUtil.getDecoderStream(raw)) {
            PGPObjectFactory factory = new BcPGPObjectFactory(in);
            for (Object o; (o = factory.nextObject()) != null; ) {
                if (o instanceof PGPSecretKeyRing) {
                    throw new IOException(origin + ": holds a secret key; a trust directory holds public keys only "
                            + "(export one with 'gpg --export ID' or use the .asc that 'ferry keys generate' wrote)");
                }
                if (!(o instanceof PGPPublicKeyRing ring)) {
                    throw new IOException(origin + ": not an OpenPGP public key (found " + o.getClass().getSimpleName() + ")");
                }
                certs.add(new OpenPGPCertificate(ring));
            }
        } catch (RuntimeException e) {
            throw new IOException(origin + ": not a readable OpenPGP public key: " + e.getMessage(), e);
        }
        if (certs.isEmpty()) throw new IOException(origin + ": holds no OpenPGP public key");
        return certs;
    }

    public List<Certificate> certificates() {
        return certificates;
    }

    public boolean isEmpty() {
        return certificates.isEmpty();
    }

    /** Where these keys came from, for messages. */
    public String origin() {
        return origin;
    }

    /**
     * Checks {@code signature} (a binary detached OpenPGP signature) over exactly {@code data}.
     *
     * @param entry names the signature in refusals (e.g. "manifest.json.sig")
     * @throws RejectedException naming the reason: malformed, unknown key, revoked or expired key, bad signature…
     */
    public SignerIdentity verify(String entry, byte[] data, byte[] signature, Instant now) throws RejectedException {
        PGPSignature sig = parse(entry, signature);
        checkSignaturePolicy(entry, sig, now);
        OpenPGPComponentKey key = findKey(entry, sig);
        String fingerprint = PgpFormat.hex(key.getCertificate().getFingerprint());
        String problem = keyProblem(key, sig, now);
        if (problem != null) throw new RejectedException(entry, "signing key " + fingerprint + " " + problem);
        if (!digestPrefixMatches(sig, data)) {
            throw new RejectedException(entry, "bad signature: it does not match the manifest (key " + fingerprint + ")");
        }
        try {
            sig.init(new BcPGPContentVerifierBuilderProvider(), key.getPGPPublicKey());
            sig.update(data);
            if (!sig.verify()) throw new RejectedException(entry, "bad signature: it does not match the manifest (key " + fingerprint + ")");
        } catch (PGPException | RuntimeException e) {
            throw new RejectedException(entry, "bad signature: " + e.getMessage() + " (key " + fingerprint + ")");
        }
        Path file = certificates.stream().filter(c -> c.certificate() == key.getCertificate()).map(Certificate::file)
                .findFirst().orElse(null);
        return new SignerIdentity(fingerprint, PgpFormat.hex(key.getPGPPublicKey().getFingerprint()),
                primaryUserId(key.getCertificate()), sig.getCreationTime().toInstant(), file);
    }

    /** Who a signature claims to come from and when, without verifying anything (for {@code ferry bundle inspect}). */
    public static String describeUnverified(byte[] signature) {
        try {
            PGPSignature sig = parse("signature", signature);
            return "claims key " + issuers(sig.getKeyIdentifiers()) + ", made " + (sig.getCreationTime() == null ? "?" : sig.getCreationTime().toInstant());
        } catch (RejectedException e) {
            return "unreadable: " + e.reason();
        }
    }

    /** The issuer fingerprints a signature names, or its key ids when it names no fingerprint. */
    private static String issuers(List<KeyIdentifier> ids) {
        boolean anyFingerprint = ids.stream().anyMatch(id -> id.getFingerprint() != null);
        return ids.stream().filter(id -> !anyFingerprint || id.getFingerprint() != null)
                .map(id -> id.getFingerprint() != null ? PgpFormat.hex(id.getFingerprint()) : PgpFormat.keyId(id.getKeyId()))
                .distinct().collect(Collectors.joining(", "));
    }

    /** Exactly one signature packet, binary, in canonical encoding: no byte may be added, dropped or altered. */
    static PGPSignature parse(String entry, byte[] bytes) throws RejectedException {
        if (bytes.length == 0) throw new RejectedException(entry, "empty signature");
        if (new String(bytes, 0, Math.min(bytes.length, 10), StandardCharsets.US_ASCII).startsWith("-----BEGIN")) {
            throw new RejectedException(entry, "ASCII-armored signature; a bundle carries the binary form "
                    + "(gpg --detach-sign without --armor)");
        }
        Object first;
        try {
            first = new BcPGPObjectFactory(bytes).nextObject();
        } catch (IOException | RuntimeException e) {
            throw new RejectedException(entry, "not an OpenPGP signature: " + e.getMessage());
        }
        if (!(first instanceof PGPSignatureList list) || list.size() != 1) {
            throw new RejectedException(entry, "not exactly one OpenPGP signature packet");
        }
        PGPSignature sig = list.get(0);
        try {
            if (!Arrays.equals(sig.getEncoded(), bytes)) {
                throw new RejectedException(entry, "not a canonically encoded OpenPGP signature (altered or extra bytes)");
            }
        } catch (IOException e) {
            throw new RejectedException(entry, "not an OpenPGP signature: " + e.getMessage());
        }
        return sig;
    }

    private static void checkSignaturePolicy(String entry, PGPSignature sig, Instant now) throws RejectedException {
        if (sig.getVersion() != 4) throw new RejectedException(entry, "OpenPGP signature version " + sig.getVersion() + " (4 expected)");
        if (sig.getSignatureType() != PGPSignature.BINARY_DOCUMENT) {
            throw new RejectedException(entry, String.format(Locale.ROOT,
                    "signature type 0x%02x; a bundle signature signs the manifest as a binary document (0x00)", sig.getSignatureType()));
        }
        if (!PgpFormat.ACCEPTED_HASHES.contains(sig.getHashAlgorithm())) {
            throw new RejectedException(entry, "weak or unknown hash algorithm " + sig.getHashAlgorithm() + " (SHA-256 or stronger required)");
        }
        if (sig.getCreationTime() == null) throw new RejectedException(entry, "signature without a creation time");
        for (SignatureSubpacket p : sig.getHashedSubPackets().toArray()) {
            if (p.isCritical() && !UNDERSTOOD_CRITICAL.contains(p.getType())) {
                throw new RejectedException(entry, "critical signature subpacket " + p.getType() + " is not understood");
            }
        }
        for (SignatureSubpacket p : sig.getUnhashedSubPackets().toArray()) {
            if (p.isCritical() || !UNHASHED_ALLOWED.contains(p.getType())) {
                throw new RejectedException(entry, "unprotected signature subpacket " + p.getType()
                        + (p.isCritical() ? " (critical)" : "") + "; only issuer identifiers may be unhashed");
            }
        }
        long validSeconds = sig.getHashedSubPackets().getSignatureExpirationTime();
        if (validSeconds > 0 && now.isAfter(sig.getCreationTime().toInstant().plusSeconds(validSeconds))) {
            throw new RejectedException(entry, "the signature expired on " + sig.getCreationTime().toInstant().plusSeconds(validSeconds));
        }
    }

    /** The trusted key that made the signature; every issuer identifier in it must name that same key. */
    private OpenPGPComponentKey findKey(String entry, PGPSignature sig) throws RejectedException {
        List<KeyIdentifier> ids = sig.getKeyIdentifiers();
        if (ids.isEmpty()) throw new RejectedException(entry, "the signature names no issuer key");
        for (Certificate c : certificates) {
            for (OpenPGPComponentKey key : c.certificate().getKeys()) {
                KeyIdentifier keyId = key.getKeyIdentifier();
                if (ids.stream().anyMatch(id -> id.matches(keyId))) {
                    if (!ids.stream().allMatch(id -> id.matches(keyId))) {
                        throw new RejectedException(entry, "the signature's issuer identifiers name different keys");
                    }
                    return key;
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new RejectedException(entry, "signed by unknown key " + issuers(ids) + ": "
                    + (origin.equals(NONE) ? NONE + ": pass --trust DIR or set bundles.trust" : origin + " are none (no key file there)"));
        }
        throw new RejectedException(entry, "signed by unknown key " + issuers(ids) + ", which is not among the " + origin);
    }

    /** Why {@code key} may not sign now, or null. Revocation wins over everything: a revoked key signs nothing. */
    static String keyProblem(OpenPGPComponentKey key, PGPSignature sig, Instant now) {
        PGPPublicKey primary = key.getCertificate().getPrimaryKey().getPGPPublicKey();
        if (primary.hasRevocation()) return "is revoked";
        if (!key.isPrimaryKey() && key.getPGPPublicKey().hasRevocation()) return "(subkey " + PgpFormat.hex(key.getPGPPublicKey().getFingerprint()) + ") is revoked";
        for (PGPPublicKey k : List.of(primary, key.getPGPPublicKey())) {
            long valid = k.getValidSeconds();
            if (valid > 0 && now.isAfter(k.getCreationTime().toInstant().plusSeconds(valid))) {
                return "expired on " + k.getCreationTime().toInstant().plusSeconds(valid);
            }
        }
        if (sig.getCreationTime().before(key.getCreationTime())) return "is younger than the signature it supposedly made";
        if (!key.isSigningKey(Date.from(now))) return "is not valid for signing (no valid self-signature with the sign flag)";
        return null;
    }

    /** The two hash bytes a signature carries in the clear: BouncyCastle does not check them, so a flip there would go unnoticed. */
    private static boolean digestPrefixMatches(PGPSignature sig, byte[] data) {
        String algorithm = switch (sig.getHashAlgorithm()) {
            case org.bouncycastle.bcpg.HashAlgorithmTags.SHA256 -> "SHA-256";
            case org.bouncycastle.bcpg.HashAlgorithmTags.SHA384 -> "SHA-384";
            case org.bouncycastle.bcpg.HashAlgorithmTags.SHA512 -> "SHA-512";
            case org.bouncycastle.bcpg.HashAlgorithmTags.SHA3_256 -> "SHA3-256";
            case org.bouncycastle.bcpg.HashAlgorithmTags.SHA3_512 -> "SHA3-512";
            default -> null;
        };
        if (algorithm == null) return false;
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            md.update(data);
            md.update(sig.getSignatureTrailer());
            byte[] digest = md.digest();
            byte[] prefix = sig.getDigestPrefix();
            return prefix.length == 2 && digest[0] == prefix[0] && digest[1] == prefix[1];
        } catch (NoSuchAlgorithmException e) {
            return false;
        }
    }

    /**
     * One trusted certificate as {@code ferry keys list} shows it.
     *
     * @param expires null when the key does not expire
     * @param status  "valid", "revoked", "expired" or "cannot sign"
     */
    public record KeyInfo(String fingerprint, String algorithm, Instant created, Instant expires, String status,
                          List<String> userIds, Path file) {
    }

    public List<KeyInfo> describe(Instant now) {
        List<KeyInfo> infos = new ArrayList<>();
        for (Certificate c : certificates) {
            OpenPGPCertificate cert = c.certificate();
            PGPPublicKey primary = cert.getPrimaryKey().getPGPPublicKey();
            Instant created = primary.getCreationTime().toInstant();
            Instant expires = primary.getValidSeconds() > 0 ? created.plusSeconds(primary.getValidSeconds()) : null;
            String status;
            if (primary.hasRevocation()) status = "revoked";
            else if (expires != null && now.isAfter(expires)) status = "expired";
            else if (cert.getSigningKeys(Date.from(now)).isEmpty()) status = "cannot sign";
            else status = "valid";
            List<String> uids = cert.getAllUserIds().stream().map(u -> u.getUserId()).toList();
            infos.add(new KeyInfo(PgpFormat.hex(cert.getFingerprint()),
                    PgpFormat.algorithmName(primary.getAlgorithm(), primary.getBitStrength()), created, expires, status,
                    uids, c.file()));
        }
        return infos;
    }

    static String primaryUserId(OpenPGPCertificate cert) {
        var uid = cert.getPrimaryUserId();
        if (uid != null) return uid.getUserId();
        return cert.getAllUserIds().isEmpty() ? "" : cert.getAllUserIds().get(0).getUserId();
    }
}
