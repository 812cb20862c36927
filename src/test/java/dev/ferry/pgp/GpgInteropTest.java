package dev.ferry.pgp;

import dev.ferry.core.RejectedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real gpg, both ways, in a throwaway GNUPGHOME: keys gpg made sign and Ferry verifies them
 * (exported binary and armored); keys Ferry made are imported by gpg, whose --verify accepts
 * Ferry's signatures. gpg is a test dependency (scripts/install-test-deps.sh); missing, this fails.
 */
class GpgInteropTest {
    private static final byte[] MANIFEST = "{\"format\":\"ferry.bundle.v1\",\"id\":\"interop\"}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    Path home;

    @BeforeEach
    void home() throws IOException {
        home = Files.createDirectory(dir.resolve("gnupg"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    @org.junit.jupiter.api.AfterEach
    void stopAgent() throws Exception {
        new ProcessBuilder("gpgconf", "--homedir", home.toString(), "--kill", "gpg-agent").inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    }

    private Result gpg(byte[] stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("gpg", "--homedir", home.toString(), "--batch", "--no-tty", "--pinentry-mode", "loopback", "--passphrase", ""));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        p.getOutputStream().write(stdin);
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "gpg hung");
        return new Result(p.exitValue(), out, err);
    }

    private record Result(int code, byte[] out, String err) {
    }

    @Test
    void gpgKeysSignAndFerryVerifies() throws Exception {
        for (String[] key : new String[][]{{"ed@example.org", "ed25519"}, {"rsa@example.org", "rsa3072"}}) {
            assertEquals(0, gpg(new byte[0], "--quick-gen-key", "Ops <" + key[0] + ">", key[1], "sign", "never").code());
            Path trust = Files.createDirectories(dir.resolve("trust-" + key[1]));
            Files.write(trust.resolve("binary.gpg"), gpg(new byte[0], "--export", key[0]).out());
            Files.write(trust.resolve("armored.asc"), gpg(new byte[0], "--armor", "--export", key[0]).out());
            byte[] sig = new GpgSigner("gpg", key[0], home).sign(MANIFEST);
            for (Path file : List.of(trust.resolve("binary.gpg"), trust.resolve("armored.asc"))) {
                TrustedKeys only = TrustedKeys.of(file.toString(), Files.readAllBytes(file));
                SignerIdentity who = only.verify("manifest.json.sig", MANIFEST, sig, Instant.now());
                assertTrue(who.userId().contains(key[0]), who.toString());
            }
            assertEquals(2, TrustedKeys.load(trust).certificates().size());
        }
    }

    @Test
    void ferryKeysSignAndGpgVerifies() throws Exception {
        for (SigningKeys.Algorithm algorithm : List.of(SigningKeys.Algorithm.ED25519, SigningKeys.Algorithm.RSA3072)) {
            String name = algorithm.name().toLowerCase();
            SigningKeys.write(SigningKeys.generate("Ferry " + name + " <" + name + "@example.org>", algorithm, Instant.now().minusSeconds(60), null), dir, name);
            Result imported = gpg(new byte[0], "--import", dir.resolve(name + ".asc").toString());
            assertEquals(0, imported.code(), imported.err());
            KeyFileSigner signer = KeyFileSigner.load(dir.resolve(name + ".key"), null);
            Path data = Files.write(dir.resolve("manifest-" + name + ".json"), MANIFEST);
            Path sig = Files.write(dir.resolve("manifest-" + name + ".json.sig"), signer.sign(MANIFEST));
            Result verified = gpg(new byte[0], "--verify", sig.toString(), data.toString());
            assertEquals(0, verified.code(), verified.err());
            assertTrue(verified.err().contains("Good signature"), verified.err());
            Files.write(data, "tampered".getBytes(StandardCharsets.UTF_8));
            assertTrue(gpg(new byte[0], "--verify", sig.toString(), data.toString()).code() != 0, "gpg accepted a tampered manifest");
        }
    }

    @Test
    void gpgUsesAFerrySecretKeyAndARevocationMadeByGpgIsHonoured() throws Exception {
        SigningKeys.write(SigningKeys.generate("Ferry <f@example.org>", SigningKeys.Algorithm.ED25519, Instant.now().minusSeconds(60), null), dir, "f");
        assertEquals(0, gpg(new byte[0], "--import", dir.resolve("f.key").toString()).code());
        byte[] sig = new GpgSigner("gpg", "f@example.org", home).sign(MANIFEST);
        TrustedKeys trusted = TrustedKeys.of("f.asc", Files.readAllBytes(dir.resolve("f.asc")));
        trusted.verify("sig", MANIFEST, sig, Instant.now());

        assertEquals(0, gpg(new byte[0], "--quick-gen-key", "Gone <gone@example.org>", "ed25519", "sign", "never").code());
        byte[] goneSig = new GpgSigner("gpg", "gone@example.org", home).sign(MANIFEST);
        try (var revs = Files.list(home.resolve("openpgp-revocs.d"))) {
            for (Path rev : revs.toList()) {
                String cert = Files.readString(rev);
                if (!cert.contains("Gone")) continue;
                Path usable = Files.writeString(dir.resolve("revoke.asc"), cert.replace(":-----BEGIN", "-----BEGIN"));
                assertEquals(0, gpg(new byte[0], "--import", usable.toString()).code());
            }
        }
        TrustedKeys revoked = TrustedKeys.of("gone.gpg", gpg(new byte[0], "--export", "gone@example.org").out());
        RejectedException e = assertThrows(RejectedException.class, () -> revoked.verify("sig", MANIFEST, goneSig, Instant.now()));
        assertTrue(e.reason().contains("revoked"), e.getMessage());
        assertEquals("revoked", revoked.describe(Instant.now()).get(0).status());
    }
}
