package dev.ferry.pgp;

import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/** Names and policy shared by signing and verification. */
final class PgpFormat {
    /** Hash algorithms a Ferry signature may use; SHA-1, MD5 and RIPEMD are refused. */
    static final Set<Integer> ACCEPTED_HASHES = Set.of(HashAlgorithmTags.SHA256, HashAlgorithmTags.SHA384,
            HashAlgorithmTags.SHA512, HashAlgorithmTags.SHA3_256, HashAlgorithmTags.SHA3_512);

    private PgpFormat() {
    }

    static String hex(byte[] fingerprint) {
        return HexFormat.of().withUpperCase().formatHex(fingerprint);
    }

    static String keyId(long id) {
        return String.format(Locale.ROOT, "%016X", id);
    }

    static String algorithmName(int algorithm, int bits) {
        return switch (algorithm) {
            case PublicKeyAlgorithmTags.RSA_GENERAL, PublicKeyAlgorithmTags.RSA_SIGN -> "rsa" + bits;
            case PublicKeyAlgorithmTags.EDDSA_LEGACY, PublicKeyAlgorithmTags.Ed25519 -> "ed25519";
            case PublicKeyAlgorithmTags.Ed448 -> "ed448";
            case PublicKeyAlgorithmTags.ECDSA -> "ecdsa" + bits;
            case PublicKeyAlgorithmTags.DSA -> "dsa" + bits;
            default -> "algorithm-" + algorithm;
        };
    }
}
