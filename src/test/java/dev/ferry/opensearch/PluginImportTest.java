package dev.ferry.opensearch;

import dev.ferry.importer.ImportOptions;
import dev.ferry.importer.Importer;
import dev.ferry.importer.InputKinds;
import dev.ferry.store.CatalogPath;
import dev.ferry.store.FileEntry;
import dev.ferry.store.Generation;
import dev.ferry.core.RejectedException;
import dev.ferry.store.Store;
import dev.ferry.testing.Trees;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plugin import end to end against a real store, with signatures made by real gpg. */
class PluginImportTest {
    private static final String ZIP = "demo-1.0.0.zip";

    @TempDir
    static Path keys;
    static Gpg release;
    static Gpg stranger;
    static Gpg expired;
    static Path releaseKey;
    static Path expiredKey;

    @TempDir
    Path tmp;
    Store store;

    @BeforeAll
    static void makeKeys() throws Exception {
        release = new Gpg(keys.resolve("release"), "Release <release@example.invalid>", "never", null);
        stranger = new Gpg(keys.resolve("stranger"), "Stranger <stranger@example.invalid>", "never", null);
        // a key whose signing subkey expired in 2021: signatures made while it was valid must still verify
        expired = new Gpg(keys.resolve("expired"), "Old <old@example.invalid>", "1y", "20200301T120000");
        releaseKey = release.exportPublic(keys.resolve("release.asc"), true);
        expiredKey = expired.exportPublic(keys.resolve("expired.gpg"), false);
    }

    @AfterAll
    static void stopAgents() throws Exception {
        for (Gpg g : new Gpg[]{release, stranger, expired}) if (g != null) g.close();
    }

    @BeforeEach
    void openStore() throws IOException {
        store = Store.create(tmp.resolve("store"));
    }

    /** demo 1.0.0 for OpenSearch 2.19.4 with .sha512, in its own directory. */
    private Path plugin(String dir) throws IOException {
        Path zip = PluginZips.write(tmp.resolve(dir).resolve(ZIP), PluginZips.plugin("demo", "1.0.0", "2.19.4"));
        PluginZips.sha512(zip);
        return zip;
    }

    private static PluginImportSettings trusting(Path... keyFiles) {
        return new PluginImportSettings(true, List.of(keyFiles), false, false);
    }

    private Generation importIt(Path input, PluginImportSettings settings) throws IOException {
        new Importer(store).run(InputKinds.open(input, null, new ImportOptions().with(PluginImportSettings.class, settings)), n -> { });
        return store.current();
    }

    /** Imports {@code input} expecting a refusal naming {@code entry}; proves the store did not change. */
    private RejectedException refused(Path input, PluginImportSettings settings, String entry, String reason) throws IOException {
        Map<String, byte[]> before = Trees.snapshot(store.root());
        RejectedException e = assertThrows(RejectedException.class, () -> importIt(input, settings));
        assertEquals(entry, e.entry(), e.getMessage());
        assertTrue(e.reason().contains(reason), e.getMessage());
        Map<String, byte[]> after = Trees.snapshot(store.root());
        assertEquals(before.keySet(), after.keySet(), "store files changed");
        before.forEach((k, v) -> assertArrayEquals(v, after.get(k), k + " changed"));
        return e;
    }

    private static FileEntry file(Generation g, String path) {
        return g.file(CatalogPath.of(path)).orElseThrow(() -> new AssertionError(path + " not published: " + g.files().keySet()));
    }

    @Test
    void aSignedPluginIsPublishedAtBothPathsWithSidecars() throws Exception {
        Path zip = plugin("signed");
        Path sig = release.sign(zip, true);
        Generation g = importIt(zip, trusting(releaseKey));

        String subkey = release.signingSubkeyId();
        byte[] zipBytes = Files.readAllBytes(zip);
        String sha512 = PluginZips.sha512Hex(zipBytes);
        for (String path : List.of(ZIP, "releases/plugins/demo/1.0.0/" + ZIP)) {
            FileEntry z = file(g, path);
            assertEquals("opensearch", z.family());
            assertEquals("application/zip", z.mediaType());
            assertEquals(zipBytes.length, z.size());
            assertEquals(Map.of("name", "demo", "version", "1.0.0", "opensearchVersion", "2.19.4", "javaVersion", "17",
                    "sha512", sha512, "signatureKeyId", subkey), z.metadata());
            FileEntry side = file(g, path + ".sha512");
            assertEquals(sha512 + "  " + ZIP + "\n", new String(stored(side), java.nio.charset.StandardCharsets.UTF_8));
            FileEntry s = file(g, path + ".sig");
            assertArrayEquals(Files.readAllBytes(sig), stored(s));
            assertEquals(subkey, s.metadata().get("signatureKeyId"));
        }
        assertEquals(6, g.files().size());
        assertEquals(file(g, ZIP).digest(), file(g, "releases/plugins/demo/1.0.0/" + ZIP).digest(), "one blob for both paths");
    }

    @Test
    void binarySignaturesVerifyToo() throws Exception {
        Path zip = plugin("binary");
        release.sign(zip, false);
        assertEquals(release.signingSubkeyId(), file(importIt(zip, trusting(releaseKey)), ZIP).metadata().get("signatureKeyId"));
    }

    @Test
    void aOneByteChangeToTheZipIsRefused() throws Exception {
        Path zip = plugin("tampered");
        release.sign(zip, true);
        byte[] bytes = Files.readAllBytes(zip);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(zip, bytes);
        refused(zip, trusting(releaseKey), ZIP + ".sig", "BAD signature");
        // without a signature the .sha512 still catches it
        Files.delete(zip.resolveSibling(ZIP + ".sig"));
        refused(zip, trusting(releaseKey), ZIP, "SHA-512 mismatch");
    }

    @Test
    void aOneByteChangeToTheSignatureIsRefusedArmoredOrBinary() throws Exception {
        for (boolean armor : new boolean[]{true, false}) {
            Path zip = plugin("sig-" + armor);
            Path sig = release.sign(zip, armor);
            byte[] bytes = Files.readAllBytes(sig);
            int at = armor ? new String(bytes, StandardCharsets.US_ASCII).indexOf("\n\n") + 40 : bytes.length - 10;
            bytes[at] = (byte) (bytes[at] == 'A' ? 'B' : bytes[at] == 0 ? 1 : armor ? 'A' : bytes[at] ^ 0x01);
            Files.write(sig, bytes);
            RejectedException e = refused(zip, trusting(releaseKey), ZIP + ".sig", "");
            assertFalse(e.reason().isBlank());
        }
    }

    @Test
    void aSignatureFromAnUntrustedKeyIsRefusedByKeyId() throws Exception {
        Path zip = plugin("stranger");
        stranger.sign(zip, true);
        refused(zip, trusting(releaseKey), ZIP + ".sig", "signed by unknown key " + stranger.signingSubkeyId());
        refused(zip, new PluginImportSettings(false, List.of(), false, false), ZIP + ".sig", "no trusted OpenSearch keys");
    }

    @Test
    void anExpiredKeyStillVerifiesWhatItSignedWhileValid() throws Exception {
        Path zip = plugin("old");
        expired.sign(zip, false);
        assertEquals(expired.signingSubkeyId(), file(importIt(zip, trusting(expiredKey)), ZIP).metadata().get("signatureKeyId"));
    }

    @Test
    void aRevokedSigningKeyIsRefused() throws Exception {
        try (Gpg revoked = new Gpg(tmp.resolve("revoked"), "Revoked <revoked@example.invalid>", "never", null)) {
            Path zip = plugin("revoked");
            revoked.sign(zip, true);
            revoked.revokeSigningSubkey();
            Path key = revoked.exportPublic(tmp.resolve("revoked.asc"), true);
            refused(zip, trusting(key), ZIP + ".sig", "signing key " + revoked.signingSubkeyId() + " is revoked");
        }
        try (Gpg whole = new Gpg(tmp.resolve("whole"), "Whole <whole@example.invalid>", "never", null)) {
            Path zip = plugin("whole");
            whole.sign(zip, false);
            Path key = whole.exportPublic(tmp.resolve("whole-before.asc"), true);
            assertEquals(whole.signingSubkeyId(), file(importIt(zip, trusting(key)), ZIP).metadata().get("signatureKeyId"));
            whole.revokePrimaryKey();
            Path revokedKey = whole.exportPublic(tmp.resolve("whole-after.asc"), true);
            refused(zip, trusting(revokedKey), ZIP + ".sig", "is revoked"); // signed before the revocation
        }
    }

    @Test
    void anEd25519KeyVerifiesToo() throws Exception {
        try (Gpg ed = new Gpg(tmp.resolve("ed"), "Ed <ed@example.invalid>", "never", null, "ed25519")) {
            Path zip = plugin("ed25519");
            ed.sign(zip, true);
            Path key = ed.exportPublic(tmp.resolve("ed.asc"), true);
            assertEquals(ed.signingSubkeyId(), file(importIt(zip, trusting(key)), ZIP).metadata().get("signatureKeyId"));
            byte[] bytes = Files.readAllBytes(zip);
            bytes[100] ^= 0x01;
            Files.write(zip, bytes);
            refused(zip, trusting(key), ZIP + ".sig", "BAD signature");
        }
    }

    @Test
    void aMissingSha512NeedsTheFlagAndAMissingSignatureCanBeRequired() throws Exception {
        Path zip = plugin("plain");
        Files.delete(zip.resolveSibling(ZIP + ".sha512"));
        refused(zip, trusting(), ZIP, "pass --allow-missing-sha512");
        Generation g = importIt(zip, new PluginImportSettings(true, List.of(), false, true));
        assertEquals(PluginZips.sha512Hex(Files.readAllBytes(zip)), file(g, ZIP).metadata().get("sha512"));
        assertFalse(file(g, ZIP).metadata().containsKey("signatureKeyId"));
        assertTrue(g.file(CatalogPath.of(ZIP + ".sig")).isEmpty());

        PluginZips.sha512(zip);
        refused(zip, new PluginImportSettings(true, List.of(), true, false), ZIP, "signatures are required");
    }

    @Test
    void aBadSha512FileIsRefusedByName() throws Exception {
        Path zip = plugin("badsum");
        Files.writeString(zip.resolveSibling(ZIP + ".sha512"), PluginZips.sha512Hex(Files.readAllBytes(zip)) + "  other.zip\n");
        refused(zip, trusting(), ZIP + ".sha512", "is for 'other.zip'");
    }

    @Test
    void theFileNameMustMatchTheDescriptor() throws Exception {
        Path zip = PluginZips.write(tmp.resolve("renamed/demo-2.0.0.zip"), PluginZips.plugin("demo", "1.0.0", "2.19.4"));
        PluginZips.sha512(zip);
        refused(zip, trusting(), "demo-2.0.0.zip", "expected demo-1.0.0.zip");
    }

    @Test
    void aDirectoryOfPluginsImportsAsOneGeneration() throws Exception {
        Path dir = tmp.resolve("many");
        Path a = PluginZips.write(dir.resolve(ZIP), PluginZips.plugin("demo", "1.0.0", "2.19.4"));
        Path b = PluginZips.write(dir.resolve("other-2.19.4.0.zip"), PluginZips.plugin("other", "2.19.4.0", "~2.19.0"));
        PluginZips.sha512(a);
        PluginZips.sha512(b);
        release.sign(b, true);
        Generation g = importIt(dir, trusting(releaseKey));
        assertEquals(1, g.number());
        assertEquals("~2.19.0", file(g, "releases/plugins/other/2.19.4.0/other-2.19.4.0.zip").metadata().get("opensearchRange"));
        assertEquals(4 + 6, g.files().size());

        Files.writeString(dir.resolve("orphan-1.0.0.zip.sig"), "x");
        refused(dir, trusting(releaseKey), "orphan-1.0.0.zip.sig", "no orphan-1.0.0.zip beside it");
        Files.delete(dir.resolve("orphan-1.0.0.zip.sig"));
        Files.writeString(dir.resolve("README.txt"), "x");
        refused(dir, trusting(releaseKey), "README.txt", "not a plugin zip");
        Files.delete(dir.resolve("README.txt"));
        Files.createSymbolicLink(dir.resolve("linked-1.0.0.zip"), a);
        refused(dir, trusting(releaseKey), "linked-1.0.0.zip", "symbolic link");
        Files.delete(dir.resolve("linked-1.0.0.zip"));
        Files.createDirectories(dir.resolve("nested"));
        Files.copy(a, dir.resolve("nested").resolve(ZIP));
        refused(dir, trusting(releaseKey), "nested/" + ZIP, "in a sub-directory");
    }

    @Test
    void reimportingWithoutSignatureUnpublishesTheOldOne() throws Exception {
        Path zip = plugin("resign");
        release.sign(zip, true);
        assertTrue(importIt(zip, trusting(releaseKey)).file(CatalogPath.of(ZIP + ".sig")).isPresent());
        Path rebuilt = PluginZips.write(tmp.resolve("rebuilt").resolve(ZIP), PluginZips.plugin("demo", "1.0.0", "2.19.3"));
        PluginZips.sha512(rebuilt);
        Generation g = importIt(rebuilt, trusting(releaseKey));
        assertEquals("2.19.3", file(g, ZIP).metadata().get("opensearchVersion"));
        assertTrue(g.file(CatalogPath.of(ZIP + ".sig")).isEmpty());
        assertTrue(g.file(CatalogPath.of("releases/plugins/demo/1.0.0/" + ZIP + ".sig")).isEmpty());
    }

    @Test
    void theReleaseKeyOfOneEraDoesNotSignTheOther() {
        OpenSearchVersion v2 = OpenSearchVersion.parse("2.19.4");
        OpenSearchVersion v3 = OpenSearchVersion.parse("3.1.0");
        assertTrue(ReleaseKeys.eraProblem("C2EE2AF6542C03B4", v2).isEmpty());
        assertTrue(ReleaseKeys.eraProblem("C2EE2AF6542C03B4", v3).orElseThrow().contains("3.0 and later are signed with 4E9275EE6BA2427F"));
        assertTrue(ReleaseKeys.eraProblem("4E9275EE6BA2427F", v3).isEmpty());
        assertTrue(ReleaseKeys.eraProblem("4E9275EE6BA2427F", v2).isPresent());
        assertTrue(ReleaseKeys.eraProblem("0123456789ABCDEF", v3).isEmpty());
    }

    private byte[] stored(FileEntry entry) throws java.io.IOException {
        try (java.io.InputStream in = store.blobs().open(entry.digest())) {
            return in.readAllBytes();
        }
    }
}
