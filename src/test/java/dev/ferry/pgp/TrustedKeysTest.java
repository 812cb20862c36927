package dev.ferry.pgp;

import dev.ferry.core.RejectedException;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrustedKeysTest {
    private static final byte[] DATA = "{\"format\":\"ferry.bundle.v1\"}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private KeyFileSigner signer(String name, SigningKeys.Algorithm algorithm) throws Exception {
        SigningKeys.Generated key = SigningKeys.generate(name + " <" + name + "@example.org>", algorithm, Instant.now().minusSeconds(60), null);
        SigningKeys.write(key, dir.resolve("keys"), name);
        Files.createDirectories(dir.resolve("trust"));
        Files.copy(dir.resolve("keys").resolve(name + ".asc"), dir.resolve("trust").resolve(name + ".asc"));
        return KeyFileSigner.load(dir.resolve("keys").resolve(name + ".key"), null);
    }

    private String reason(TrustedKeys keys, byte[] data, byte[] sig, Instant now) {
        return assertThrows(RejectedException.class, () -> keys.verify("manifest.json.sig", data, sig, now)).reason();
    }

    @Test
    void ed25519AndRsaKeysSignAndVerify() throws Exception {
        KeyFileSigner ed = signer("ed", SigningKeys.Algorithm.ED25519);
        KeyFileSigner rsa = signer("rsa", SigningKeys.Algorithm.RSA3072);
        TrustedKeys trusted = TrustedKeys.load(dir.resolve("trust"));
        assertEquals(2, trusted.certificates().size());
        for (KeyFileSigner s : new KeyFileSigner[]{ed, rsa}) {
            SignerIdentity who = trusted.verify("sig", DATA, s.sign(DATA), Instant.now());
            assertEquals(s.fingerprint(), who.fingerprint());
            assertTrue(who.userId().endsWith("@example.org>"), who.userId());
        }
        assertEquals("valid", trusted.describe(Instant.now()).get(0).status());
    }

    @Test
    void everySingleByteFlipOfTheSignatureIsRefused() throws Exception {
        KeyFileSigner ed = signer("ed", SigningKeys.Algorithm.ED25519);
        TrustedKeys trusted = TrustedKeys.load(dir.resolve("trust"));
        byte[] sig = ed.sign(DATA);
        for (int i = 0; i < sig.length; i++) {
            for (int mask : new int[]{0x01, 0x80, 0xff}) {
                byte[] bad = sig.clone();
                bad[i] ^= (byte) mask;
                int at = i;
                assertThrows(RejectedException.class, () -> trusted.verify("sig", DATA, bad, Instant.now()),
                        "flip of byte " + at + " with mask " + mask + " was accepted");
            }
        }
    }

    @Test
    void refusalsNameTheReason() throws Exception {
        KeyFileSigner ed = signer("ed", SigningKeys.Algorithm.ED25519);
        TrustedKeys trusted = TrustedKeys.load(dir.resolve("trust"));
        byte[] sig = ed.sign(DATA);
        byte[] other = DATA.clone();
        other[3] ^= 1;
        assertTrue(reason(trusted, other, sig, Instant.now()).startsWith("bad signature"));
        assertTrue(reason(TrustedKeys.none(), DATA, sig, Instant.now()).startsWith("signed by unknown key"));
        byte[] armored = SigningKeys.armored(sig);
        assertTrue(reason(trusted, DATA, armored, Instant.now()).startsWith("ASCII-armored"));
        byte[] longer = java.util.Arrays.copyOf(sig, sig.length + 1);
        assertTrue(reason(trusted, DATA, longer, Instant.now()).contains("canonical"));
        assertTrue(reason(trusted, DATA, new byte[0], Instant.now()).contains("empty"));
    }

    @Test
    void revokedAndExpiredKeysAreRefused() throws Exception {
        SigningKeys.Generated key = SigningKeys.generate("r <r@example.org>", SigningKeys.Algorithm.ED25519,
                Instant.now().minusSeconds(3600), Duration.ofDays(1));
        SigningKeys.write(key, dir, "r");
        KeyFileSigner signer = KeyFileSigner.load(dir.resolve("r.key"), null);
        byte[] sig = signer.sign(DATA);
        TrustedKeys trusted = TrustedKeys.of("r.asc", key.publicKeys().getEncoded());
        trusted.verify("sig", DATA, sig, Instant.now());
        assertTrue(reason(trusted, DATA, sig, Instant.now().plus(Duration.ofDays(2))).contains("expired"));

        PGPPublicKey pub = key.publicKeys().getPublicKey();
        PGPPrivateKey priv = key.secret().getSecretKey().extractPrivateKey(null);
        PGPSignatureGenerator g = new PGPSignatureGenerator(new BcPGPContentSignerBuilder(pub.getAlgorithm(), HashAlgorithmTags.SHA512), pub);
        g.init(PGPSignature.KEY_REVOCATION, priv);
        PGPPublicKey revoked = PGPPublicKey.addCertification(pub, g.generateCertification(pub));
        PGPPublicKeyRing revokedRing = PGPPublicKeyRing.insertPublicKey(key.publicKeys(), revoked);
        TrustedKeys revokedTrust = TrustedKeys.of("r.asc", revokedRing.getEncoded());
        assertTrue(reason(revokedTrust, DATA, sig, Instant.now()).contains("revoked"));
        assertEquals("revoked", revokedTrust.describe(Instant.now()).get(0).status());
    }

    @Test
    void secretKeysDoNotBelongInTheTrustDirectory() throws Exception {
        signer("ed", SigningKeys.Algorithm.ED25519);
        Files.copy(dir.resolve("keys/ed.key"), dir.resolve("trust/oops.asc"));
        var e = assertThrows(java.io.IOException.class, () -> TrustedKeys.load(dir.resolve("trust")));
        assertTrue(e.getMessage().contains("secret key"), e.getMessage());
    }
}
