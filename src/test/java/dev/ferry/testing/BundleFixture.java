package dev.ferry.testing;

import dev.ferry.bundle.BundleFormat;
import dev.ferry.bundle.BundleManifest;
import dev.ferry.pgp.KeyFileSigner;
import dev.ferry.pgp.SigningKeys;
import dev.ferry.pgp.TrustedKeys;
import dev.ferry.core.Digest;
import dev.ferry.store.OciRepository;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A trusted signing key plus helpers to assemble bundles (valid or deliberately broken) entry by entry. */
public final class BundleFixture {
    public final Path keys;
    public final Path trustDir;
    public final KeyFileSigner signer;
    public final TrustedKeys trust;

    public BundleFixture(Path dir) throws IOException {
        keys = Files.createDirectories(dir.resolve("keys"));
        trustDir = Files.createDirectories(dir.resolve("trust"));
        SigningKeys.Generated key = SigningKeys.generate("Release <release@example.org>", SigningKeys.Algorithm.ED25519,
                Instant.now().minusSeconds(3600), null);
        SigningKeys.write(key, keys, "release");
        Files.copy(keys.resolve("release.asc"), trustDir.resolve("release.asc"));
        signer = KeyFileSigner.load(keys.resolve("release.key"), null);
        trust = TrustedKeys.load(trustDir);
    }

    /** Another key, not trusted, for "unknown key" cases. */
    public KeyFileSigner stranger(Path dir) throws IOException {
        SigningKeys.Generated key = SigningKeys.generate("Stranger <s@example.org>", SigningKeys.Algorithm.ED25519,
                Instant.now().minusSeconds(3600), null);
        SigningKeys.write(key, dir, "stranger");
        return KeyFileSigner.load(dir.resolve("stranger.key"), null);
    }

    /** A manifest description to tweak before {@link #manifest}. */
    public static final class Spec {
        public String format = BundleFormat.FORMAT;
        public String id = "b-" + System.nanoTime();
        public String channel = "main";
        public Instant created = Instant.now().minusSeconds(60);
        public Instant expires;
        public BundleManifest.Base base;
        public List<String> replace = new ArrayList<>();
        public Map<String, byte[]> files = new LinkedHashMap<>();
        public Map<String, OciRepository> repositories = new TreeMap<>();

        public Spec file(String path, String content) {
            files.put(path, content.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        public Spec created(Instant t) {
            created = t;
            return this;
        }
    }

    public static BundleManifest manifest(Spec s) {
        Map<Digest, BundleManifest.Blob> blobs = new LinkedHashMap<>();
        Map<String, BundleManifest.File> files = new TreeMap<>();
        s.files.forEach((path, content) -> {
            Digest d = Digest.ofBytes(content);
            blobs.put(d, new BundleManifest.Blob(d, content.length));
            files.put(path, new BundleManifest.File(d, content.length, "text/plain", "file", Map.of()));
        });
        return new BundleManifest(s.format, s.id, s.channel, s.created, s.expires, "test", s.base,
                new ArrayList<>(blobs.values()), s.replace, List.of(), files, s.repositories);
    }

    /** Manifest, signature, then one entry per distinct blob: a well-formed bundle. */
    public byte[] bundle(Spec s) throws IOException {
        byte[] manifest = manifest(s).toBytes();
        TarBuilder tar = new TarBuilder().file(BundleFormat.MANIFEST, manifest).file(BundleFormat.SIGNATURE, signer.sign(manifest));
        Map<Digest, byte[]> seen = new LinkedHashMap<>();
        s.files.values().forEach(c -> seen.putIfAbsent(Digest.ofBytes(c), c));
        seen.forEach((d, c) -> tar.file(BundleFormat.blobEntry(d), c));
        return tar.end();
    }

    public static Spec spec() {
        return new Spec();
    }

    public static Duration days(int n) {
        return Duration.ofDays(n);
    }
}
