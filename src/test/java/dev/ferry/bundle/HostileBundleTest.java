package dev.ferry.bundle;

import dev.ferry.pgp.KeyFileSigner;
import dev.ferry.pgp.TrustedKeys;
import dev.ferry.core.Digest;
import dev.ferry.store.JournalEntry;
import dev.ferry.core.RejectedException;
import dev.ferry.store.Store;
import dev.ferry.testing.BundleFixture;
import dev.ferry.testing.Bytes;
import dev.ferry.testing.TarBuilder;
import dev.ferry.testing.Trees;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hostile-bundle corpus: every refusal the format promises, each built here byte by byte, each
 * imported into the same store, which must come out of every attempt byte-for-byte unchanged (same
 * generation, same blobs, same channel state) with the attempt journaled as a failure.
 */
class HostileBundleTest {
    @TempDir
    Path dir;

    private BundleFixture fx;
    private Store store;
    private Instant firstCreated;
    private String firstId;
    private final byte[] payload = Bytes.random(20_000, 42);

    private record Case(String name, String reason, Build build, UnaryOperator<BundleImportSettings> options) {
    }

    @FunctionalInterface
    private interface Build {
        Path file() throws Exception;
    }

    @TestFactory
    Stream<DynamicTest> everyHostileBundleIsRefusedByNameAndChangesNothing() throws Exception {
        fx = new BundleFixture(dir);
        store = Store.create(dir.resolve("store"));
        BundleFixture.Spec first = BundleFixture.spec().file("first.txt", "first bundle").created(Instant.now().minus(Duration.ofHours(1)));
        firstCreated = first.created;
        firstId = first.id;
        new BundleImporter(store, trusted().options()).importFile(write("first.tar", fx.bundle(first)), n -> { });
        assertEquals(1, store.current().number());

        List<Case> cases = cases();
        assertTrue(cases.size() >= 25, "the corpus has " + cases.size() + " cases");
        Map<String, byte[]> before = Trees.snapshot(store.root());
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Path file = c.build().file();
            RejectedException e = assertThrows(RejectedException.class,
                    () -> new BundleImporter(store, c.options().apply(trusted()).options()).importFile(file, n -> { }), c.name());
            assertTrue(e.getMessage().contains(c.reason()), c.name() + ": expected '" + c.reason() + "' in: " + e.getMessage());
            assertStoreUnchanged(before);
            JournalEntry last = store.journal().tail(1).get(0);
            assertEquals(JournalEntry.FAILURE, last.result());
            assertEquals(e.getMessage(), last.reason());
        }));
    }

    private void assertStoreUnchanged(Map<String, byte[]> before) throws IOException {
        Map<String, byte[]> after = Trees.snapshot(store.root());
        assertEquals(before.keySet(), after.keySet(), "files of the store");
        before.forEach((k, v) -> assertArrayEquals(v, after.get(k), k));
        assertEquals(1, store.current().number());
    }

    private BundleImportSettings trusted() {
        return BundleImportSettings.trusting(fx.trust);
    }

    private static BundleFixture.Spec spec() {
        return BundleFixture.spec().file("new.txt", "new content").file("data/x.bin", "binary-ish");
    }

    private List<Case> cases() throws Exception {
        List<Case> cases = new ArrayList<>();
        UnaryOperator<BundleImportSettings> same = o -> o;
        UnaryOperator<BundleImportSettings> unsignedOk = o -> o.withAllowUnsigned(true);

        BundleFixture.Spec s = spec();
        byte[] m = BundleFixture.manifest(s).toBytes();
        byte[] sig = fx.signer.sign(m);
        byte[] blobA = "new content".getBytes(StandardCharsets.UTF_8);
        byte[] blobB = "binary-ish".getBytes(StandardCharsets.UTF_8);
        String a = BundleFormat.blobEntry(Digest.ofBytes(blobA));
        String b = BundleFormat.blobEntry(Digest.ofBytes(blobB));
        byte[] good = fx.bundle(s);

        // signatures and keys
        cases.add(new Case("unsigned bundle", "unsigned bundle",
                () -> write("unsigned.tar", new TarBuilder().file(BundleFormat.MANIFEST, m).file(a, blobA).file(b, blobB).end()), same));
        KeyFileSigner stranger = fx.stranger(Files.createDirectories(dir.resolve("stranger")));
        cases.add(new Case("signed by an unknown key", "signed by unknown key",
                () -> write("unknown.tar", tar(m, stranger.sign(m), blobA, blobB)), same));
        TrustedKeys revoked = revokedTrust();
        cases.add(new Case("signed by a revoked key", "is revoked", () -> write("revoked.tar", good), o -> o.withTrust(revoked)));
        TrustedKeys expiring = expiringKeyTrust();
        cases.add(new Case("signed by an expired key", "expired on", () -> write("expired-key.tar", good),
                o -> o.withTrust(expiring).withClock(Clock.fixed(Instant.now().plus(Duration.ofDays(3)), ZoneOffset.UTC))));
        byte[] altered = new String(m, StandardCharsets.UTF_8).replace("\"channel\":\"main\"", "\"channel\":\"mainx\"").getBytes(StandardCharsets.UTF_8);
        cases.add(new Case("manifest altered after signing", "bad signature", () -> write("altered.tar", tar(altered, sig, blobA, blobB)), same));
        byte[] otherManifest = BundleFixture.manifest(spec()).toBytes();
        cases.add(new Case("signature of another manifest", "bad signature",
                () -> write("swapped.tar", tar(otherManifest, sig, blobA, blobB)), same));
        cases.add(new Case("ASCII-armored signature", "ASCII-armored",
                () -> write("armored.tar", tar(m, armor(sig), blobA, blobB)), same));
        cases.add(new Case("empty signature", "empty signature", () -> write("empty-sig.tar", tar(m, new byte[0], blobA, blobB)), same));

        // entry order and set
        cases.add(new Case("manifest not first", "must be manifest.json",
                () -> write("order.tar", new TarBuilder().file(a, blobA).file(BundleFormat.MANIFEST, m).file(BundleFormat.SIGNATURE, sig).file(b, blobB).end()), same));
        cases.add(new Case("manifest twice", "appears again",
                () -> write("twice.tar", new TarBuilder().file(BundleFormat.MANIFEST, m).file(BundleFormat.SIGNATURE, sig).file(a, blobA).file(BundleFormat.MANIFEST, m).file(b, blobB).end()), same));
        cases.add(new Case("signature out of place", "appears again",
                () -> write("sig-late.tar", new TarBuilder().file(BundleFormat.MANIFEST, m).file(a, blobA).file(BundleFormat.SIGNATURE, sig).file(b, blobB).end()), unsignedOk));
        cases.add(new Case("unexpected extra entry", "unexpected entry",
                () -> write("extra.tar", tarPlus(m, sig, blobA, blobB, new TarBuilder().file("README", "hi".getBytes(StandardCharsets.UTF_8)))), same));
        byte[] stray = "not listed".getBytes(StandardCharsets.UTF_8);
        cases.add(new Case("blob the manifest does not list", "unknown entry",
                () -> write("unknown-blob.tar", tarPlus(m, sig, blobA, blobB, new TarBuilder().file(BundleFormat.blobEntry(Digest.ofBytes(stray)), stray))), same));
        cases.add(new Case("duplicate blob entry", "duplicate entry",
                () -> write("dup.tar", tarPlus(m, sig, blobA, blobB, new TarBuilder().file(a, blobA))), same));
        cases.add(new Case("missing blob entry", "missing entry",
                () -> write("missing.tar", new TarBuilder().file(BundleFormat.MANIFEST, m).file(BundleFormat.SIGNATURE, sig).file(a, blobA).end()), same));

        // content lies and truncation
        byte[] tampered = blobA.clone();
        tampered[0] ^= 1;
        cases.add(new Case("blob content does not match its digest", "sha256 mismatch",
                () -> write("digest.tar", new TarBuilder().file(BundleFormat.MANIFEST, m).file(BundleFormat.SIGNATURE, sig).file(a, tampered).file(b, blobB).end()), same));
        cases.add(new Case("tar header size differs from the manifest", "size mismatch",
                () -> write("size.tar", new TarBuilder().file(BundleFormat.MANIFEST, m).file(BundleFormat.SIGNATURE, sig)
                        .entry(a, '0', Arrays.copyOf(blobA, blobA.length + 5), blobA.length + 5, "").file(b, blobB).end()), same));
        byte[] full = tar(m, sig, blobA, blobB);
        cases.add(new Case("stream cut inside a blob", "truncated", () -> write("cut.tar", Arrays.copyOf(full, 3 * 512 + 512 * 2 + 4)), same));
        byte[] unterminated = new TarBuilder().file(BundleFormat.MANIFEST, m).file(BundleFormat.SIGNATURE, sig).file(a, blobA).file(b, blobB).unterminated();
        cases.add(new Case("no end-of-archive marker", "truncated", () -> write("noend.tar", unterminated), same));
        cases.add(new Case("empty file", "truncated", () -> write("empty.tar", new byte[0]), same));
        cases.add(new Case("data after the end-of-archive marker", "data after",
                () -> write("trailing.tar", Bytes.concat(full, "surprise".getBytes(StandardCharsets.UTF_8))), same));
        cases.add(new Case("nonzero padding after an entry", "nonzero bytes in the padding", () -> {
            byte[] padded = full.clone();
            int manifestEnd = 512 + m.length;
            padded[manifestEnd + 1] = 'x';
            return write("padding.tar", padded);
        }, same));
        cases.add(new Case("damaged tar header", "checksum mismatch", () -> {
            byte[] broken = full.clone();
            broken[512 * (1 + (m.length + 511) / 512) + 110] ^= 0x04; // the signature entry's uid field
            return write("header.tar", broken);
        }, same));

        // what entries may be
        cases.add(new Case("path traversal entry", "path traversal",
                () -> write("dotdot.tar", tarPlus(m, sig, blobA, blobB, new TarBuilder().file("../../etc/cron.d/x", blobA))), same));
        cases.add(new Case("absolute path entry", "absolute path",
                () -> write("abs.tar", tarPlus(m, sig, blobA, blobB, new TarBuilder().file("/etc/passwd", blobA))), same));
        cases.add(new Case("symbolic link entry", "symbolic link",
                () -> write("symlink.tar", tarPlus(m, sig, blobA, blobB, new TarBuilder().entry(a, '2', new byte[0], 0, "/etc/shadow"))), same));
        cases.add(new Case("hard link entry", "hard link",
                () -> write("hardlink.tar", tarPlus(m, sig, blobA, blobB, new TarBuilder().entry("blobs/sha256/x", '1', new byte[0], 0, a))), same));
        cases.add(new Case("character device entry", "character device",
                () -> write("chardev.tar", tarPlus(m, sig, blobA, blobB, new TarBuilder().entry("zero", '3', new byte[0], 0, ""))), same));
        cases.add(new Case("block device entry", "block device",
                () -> write("blockdev.tar", tarPlus(m, sig, blobA, blobB, new TarBuilder().entry("sda", '4', new byte[0], 0, ""))), same));
        cases.add(new Case("FIFO entry", "FIFO",
                () -> write("fifo.tar", tarPlus(m, sig, blobA, blobB, new TarBuilder().entry("pipe", '6', new byte[0], 0, ""))), same));
        cases.add(new Case("directory entry", "directory entries",
                () -> write("dir.tar", new TarBuilder().file(BundleFormat.MANIFEST, m).file(BundleFormat.SIGNATURE, sig)
                        .entry("blobs/", '5', new byte[0], 0, "").file(a, blobA).file(b, blobB).end()), same));
        cases.add(new Case("GNU sparse entry", "sparse",
                () -> write("sparse.tar", tarPlus(m, sig, blobA, new byte[0], new TarBuilder().entry(b, 'S', blobB, blobB.length, ""))), same));
        cases.add(new Case("pax sparse entry", "sparse",
                () -> write("pax-sparse.tar", tarPlus(m, sig, blobA, new byte[0], new TarBuilder().pax("GNU.sparse.major=1", "GNU.sparse.minor=0").file(b, blobB))), same));
        cases.add(new Case("pax record with an unchecked value", "pax record 'mtime' is not allowed",
                () -> write("pax-mtime.tar", tarPlus(m, sig, blobA, new byte[0], new TarBuilder().pax("mtime=1700000000.5").file(b, blobB))), same));
        cases.add(new Case("GNU long-name entry", "long-name",
                () -> write("longname.tar", tarPlus(m, sig, blobA, blobB, new TarBuilder().entry("././@LongLink", 'L', blobA, blobA.length, ""))), same));

        // the manifest's own rules
        cases.add(new Case("manifest is not JSON", "not a valid bundle manifest", () -> signedWith("not json".getBytes(StandardCharsets.UTF_8)), same));
        String json = new String(m, StandardCharsets.UTF_8);
        cases.add(new Case("manifest with a duplicate key", "duplicate field",
                () -> signedWith(json.replaceFirst("\\{", "{\"channel\":\"other\",").getBytes(StandardCharsets.UTF_8)), same));
        cases.add(new Case("unsupported format version", "unsupported bundle format",
                () -> signedWith(json.replace(BundleFormat.FORMAT, "ferry.bundle.v9").getBytes(StandardCharsets.UTF_8)), same));
        BundleFixture.Spec escape = spec();
        escape.files.put("../escape", blobA);
        cases.add(new Case("catalog path with '..'", "'..' segment", () -> write("escape.tar", fx.bundle(escape)), same));
        cases.add(new Case("file references a blob the bundle does not carry", "does not carry", () -> {
            byte[] dropped = json.replaceFirst("\\{\"digest\":\"" + Digest.ofBytes(blobB) + "\",\"size\":" + blobB.length + "\\},?", "")
                    .replace(",]", "]").getBytes(StandardCharsets.UTF_8);
            return signedWith(dropped);
        }, same));
        cases.add(new Case("carried blob nothing references", "nothing references it", () -> {
            byte[] orphan = json.replaceFirst(",\"data/x.bin\":\\{[^}]*\\}", "").replaceFirst("\"data/x.bin\":\\{[^}]*\\},", "").getBytes(StandardCharsets.UTF_8);
            return signedWith(orphan);
        }, same));

        // time, channel and base
        BundleFixture.Spec expired = spec();
        expired.created = Instant.now().minus(Duration.ofDays(10));
        expired.expires = Instant.now().minus(Duration.ofDays(1));
        cases.add(new Case("expired bundle", "expired on", () -> write("expired.tar", fx.bundle(expired)), same));
        cases.add(new Case("older bundle on the same channel (replay)", "replay or downgrade refused",
                () -> write("old.tar", fx.bundle(spec().created(firstCreated.minusSeconds(60)))), same));
        BundleFixture.Spec sameTime = spec().created(firstCreated);
        cases.add(new Case("bundle as old as the newest on its channel", "replay or downgrade refused",
                () -> write("same-time.tar", fx.bundle(sameTime)), same));
        BundleFixture.Spec reused = spec();
        reused.id = firstId;
        cases.add(new Case("bundle id reused with a different manifest", "different manifest", () -> write("reused.tar", fx.bundle(reused)), same));
        BundleFixture.Spec delta = spec();
        delta.base = new BundleManifest.Base(7, Digest.ofBytes("some other catalog".getBytes(StandardCharsets.UTF_8)));
        cases.add(new Case("delta bundle for another base", "delta base mismatch", () -> write("delta.tar", fx.bundle(delta)), same));

        // split parts
        cases.add(new Case("split bundle with a part missing", "is missing", () -> {
            Path first = split("missing-part", bigBundle());
            Files.delete(first.resolveSibling("missing-part.tar.002"));
            return first;
        }, same));
        cases.add(new Case("split bundle with a damaged part", "the part is damaged", () -> {
            Path first = split("damaged-part", bigBundle());
            Path second = first.resolveSibling("damaged-part.tar.002");
            byte[] bytes = Files.readAllBytes(second);
            bytes[100] ^= 1;
            Files.write(second, bytes);
            return first;
        }, same));

        // compression containers
        cases.add(new Case("gzip stream with a damaged byte", "damaged or truncated gzip stream", () -> {
            byte[] gz = Bytes.gzip(good);
            gz[gz.length - 6] ^= 0x10; // inside the CRC32 trailer
            return write("crc.tar.gz", gz);
        }, same));
        cases.add(new Case("truncated zstd stream", "zstd stream", () -> {
            byte[] zst = Bytes.zstd(bigBundle());
            return write("cut.tar.zst", Arrays.copyOf(zst, zst.length / 2));
        }, same));
        cases.add(new Case("data after the zstd stream", "zstd stream",
                () -> write("trailing.tar.zst", Bytes.concat(Bytes.zstd(good), "garbage after the frame".getBytes(StandardCharsets.UTF_8))), same));
        return cases;
    }

    private Path signedWith(byte[] manifest) throws IOException {
        return write("m" + System.nanoTime() + ".tar", new TarBuilder().file(BundleFormat.MANIFEST, manifest)
                .file(BundleFormat.SIGNATURE, fx.signer.sign(manifest))
                .file(BundleFormat.blobEntry(Digest.ofBytes("new content".getBytes(StandardCharsets.UTF_8))), "new content".getBytes(StandardCharsets.UTF_8))
                .file(BundleFormat.blobEntry(Digest.ofBytes("binary-ish".getBytes(StandardCharsets.UTF_8))), "binary-ish".getBytes(StandardCharsets.UTF_8)).end());
    }

    private byte[] bigBundle() throws IOException {
        BundleFixture.Spec s = spec();
        s.files.put("payload.bin", payload);
        return fx.bundle(s);
    }

    private Path split(String name, byte[] bundle) throws IOException {
        Path out = Files.createDirectories(dir.resolve(name)).resolve(name + ".tar");
        try (SplitBundle.Writer w = new SplitBundle.Writer(out, 10_000)) {
            w.write(bundle);
        }
        return out.resolveSibling(name + ".tar.001");
    }

    private static byte[] tar(byte[] manifest, byte[] sig, byte[] blobA, byte[] blobB) {
        return tarPlus(manifest, sig, blobA, blobB, new TarBuilder());
    }

    /** manifest, signature, blob A, {@code extra}'s entries, blob B (when not empty), end marker. */
    private static byte[] tarPlus(byte[] manifest, byte[] sig, byte[] blobA, byte[] blobB, TarBuilder extra) {
        TarBuilder t = new TarBuilder().file(BundleFormat.MANIFEST, manifest).file(BundleFormat.SIGNATURE, sig)
                .file(BundleFormat.blobEntry(Digest.ofBytes(blobA)), blobA).raw(extra.unterminated());
        if (blobB.length > 0) t.file(BundleFormat.blobEntry(Digest.ofBytes(blobB)), blobB);
        return t.end();
    }

    private TrustedKeys revokedTrust() throws Exception {
        var ring = dev.ferry.pgp.TrustedKeys.load(fx.trustDir).certificates().get(0).certificate().getPGPPublicKeyRing();
        var secret = org.bouncycastle.openpgp.PGPSecretKeyRing.class.cast(
                new org.bouncycastle.openpgp.bc.BcPGPObjectFactory(org.bouncycastle.openpgp.PGPUtil.getDecoderStream(
                        Files.newInputStream(fx.keys.resolve("release.key")))).nextObject());
        PGPPublicKey pub = ring.getPublicKey();
        PGPSignatureGenerator g = new PGPSignatureGenerator(new BcPGPContentSignerBuilder(pub.getAlgorithm(), HashAlgorithmTags.SHA512), pub);
        g.init(PGPSignature.KEY_REVOCATION, secret.getSecretKey().extractPrivateKey(null));
        PGPPublicKeyRing revokedRing = PGPPublicKeyRing.insertPublicKey(ring, PGPPublicKey.addCertification(pub, g.generateCertification(pub)));
        return TrustedKeys.of("revoked.asc", revokedRing.getEncoded());
    }

    /** The fixture's bundles verified by a trust store in which the release key expires after a day. */
    private TrustedKeys expiringKeyTrust() throws Exception {
        var ring = TrustedKeys.load(fx.trustDir).certificates().get(0).certificate().getPGPPublicKeyRing();
        var secret = (org.bouncycastle.openpgp.PGPSecretKeyRing) new org.bouncycastle.openpgp.bc.BcPGPObjectFactory(
                org.bouncycastle.openpgp.PGPUtil.getDecoderStream(Files.newInputStream(fx.keys.resolve("release.key")))).nextObject();
        PGPPublicKey pub = ring.getPublicKey();
        var hashed = new org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator();
        hashed.setKeyExpirationTime(true, Duration.ofDays(1).getSeconds());
        hashed.setKeyFlags(true, org.bouncycastle.bcpg.sig.KeyFlags.CERTIFY_OTHER | org.bouncycastle.bcpg.sig.KeyFlags.SIGN_DATA);
        PGPSignatureGenerator g = new PGPSignatureGenerator(new BcPGPContentSignerBuilder(pub.getAlgorithm(), HashAlgorithmTags.SHA512), pub);
        g.init(PGPSignature.POSITIVE_CERTIFICATION, secret.getSecretKey().extractPrivateKey(null));
        g.setHashedSubpackets(hashed.generate());
        String uid = pub.getUserIDs().next();
        PGPPublicKey bare = PGPPublicKey.removeCertification(pub, uid);
        PGPPublicKey renewed = PGPPublicKey.addCertification(bare, uid, g.generateCertification(uid, bare));
        return TrustedKeys.of("expiring.asc", PGPPublicKeyRing.insertPublicKey(ring, renewed).getEncoded());
    }

    private static byte[] armor(byte[] sig) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (var a = new org.bouncycastle.bcpg.ArmoredOutputStream(buf)) {
            a.write(sig);
        }
        return buf.toByteArray();
    }





    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(Files.createDirectories(dir.resolve("corpus")).resolve(name), bytes);
    }
}
