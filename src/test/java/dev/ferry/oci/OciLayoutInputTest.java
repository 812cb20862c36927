package dev.ferry.oci;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.importer.ImportOptions;
import dev.ferry.importer.ImportReport;
import dev.ferry.importer.Importer;
import dev.ferry.importer.InputKinds;
import dev.ferry.core.Digest;
import dev.ferry.store.OciRepository;
import dev.ferry.core.RejectedException;
import dev.ferry.store.Store;
import dev.ferry.testing.OciLayouts;
import dev.ferry.testing.Trees;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OciLayoutInputTest {
    @TempDir
    Path tmp;
    Store store;

    @BeforeEach
    void open() throws IOException {
        store = Store.create(tmp.resolve("store"));
    }

    private ImportReport importLayout(Path layout, String repository) throws IOException {
        return new Importer(store).run(dev.ferry.app.FerryFamilies.all().inputKinds().open(layout, null, OciLayouts.options(repository)), n -> { });
    }

    private OciRepository repo(String name) throws IOException {
        return store.current().repository(name).orElseThrow(() -> new AssertionError("no repository " + name));
    }

    /** Runs a refused import and proves the store did not change. */
    private RejectedException refused(Path layout, String repository) throws IOException {
        Map<String, byte[]> before = Trees.snapshot(store.root());
        RejectedException e = assertThrows(RejectedException.class, () -> importLayout(layout, repository));
        assertEquals(before.keySet(), Trees.snapshot(store.root()).keySet(), "a refused import changed the store");
        return e;
    }

    private static String digestOf(ObjectNode d) {
        return d.get("digest").asText();
    }

    @Test
    void importsATaggedImageIntoTheNamedRepositoryAndReimportChangesNothing() throws IOException {
        OciLayouts l = OciLayouts.create(tmp.resolve("img"));
        ObjectNode image = l.image("layer one");
        l.tag(image, "v1").write();
        ImportReport first = importLayout(l.dir(), "demo/app");
        assertEquals(1, first.tags());
        OciRepository r = repo("demo/app");
        assertEquals(Digest.parse(digestOf(image)), r.tags().get("v1"));
        assertEquals(OciLayouts.MANIFEST, r.manifests().get(digestOf(image)).mediaType());
        assertEquals("oci", r.manifests().get(digestOf(image)).family());
        assertEquals(2, r.blobs().size()); // config + layer
        assertFalse(importLayout(l.dir(), "demo/app").changed());
    }

    @Test
    void mapsSkopeoAndFullReferenceRefNamesWithoutRepositoryOption() throws IOException {
        OciLayouts l = OciLayouts.create(tmp.resolve("refs"));
        ObjectNode a = l.image("a");
        ObjectNode b = l.image("b");
        l.tag(a, "tools/curl:8.5").tag(b, "ghcr.io/aquasecurity/trivy-db:2").tag(b, "localhost:5000/x/y:1").write();
        importLayout(l.dir(), null);
        assertEquals(Digest.parse(digestOf(a)), repo("tools/curl").tags().get("8.5"));
        assertEquals(Digest.parse(digestOf(b)), repo("aquasecurity/trivy-db").tags().get("2"));
        assertEquals(Digest.parse(digestOf(b)), repo("x/y").tags().get("1"));
    }

    @Test
    void bareTagNeedsRepositoryOption() throws IOException {
        OciLayouts l = OciLayouts.create(tmp.resolve("bare"));
        l.tag(l.image("x"), "2").write();
        assertTrue(refused(l.dir(), null).getMessage().contains("--repository"));
    }

    @Test
    void untaggedManifestsJoinTheNamedRepositoryAndAreIgnoredOtherwise() throws IOException {
        OciLayouts l = OciLayouts.create(tmp.resolve("untagged"));
        ObjectNode tagged = l.image("t");
        ObjectNode loose = l.image("u");
        l.tag(tagged, "app:1").tag(loose, null).write();
        importLayout(l.dir(), null);
        assertFalse(repo("app").manifests().containsKey(digestOf(loose)));
        importLayout(l.dir(), "other");
        assertTrue(repo("other").manifests().containsKey(digestOf(loose)));
        assertTrue(repo("other").tags().containsKey("1"));
    }

    @Test
    void multiPlatformIndexBringsEveryPlatformManifest() throws IOException {
        OciLayouts l = OciLayouts.create(tmp.resolve("multi"));
        ObjectNode amdDesc = l.image("amd64");
        amdDesc.putObject("platform").put("os", "linux").put("architecture", "amd64");
        ObjectNode armDesc = l.image("arm64");
        armDesc.putObject("platform").put("os", "linux").put("architecture", "arm64");
        ObjectNode index = l.index(amdDesc, armDesc);
        l.tag(index, "1.0").write();
        importLayout(l.dir(), "falcosecurity/plugins/plugin/k8saudit");
        OciRepository r = repo("falcosecurity/plugins/plugin/k8saudit");
        assertEquals(3, r.manifests().size());
        assertEquals(OciLayouts.INDEX, r.manifests().get(digestOf(index)).mediaType());
        assertTrue(r.manifests().containsKey(digestOf(armDesc)));
    }

    @Test
    void artifactWithEmbeddedEmptyConfigIsAcceptedWithoutTheConfigBlob() throws IOException {
        OciLayouts l = OciLayouts.create(tmp.resolve("artifact"));
        ObjectNode config = l.blob("application/vnd.oci.empty.v1+json", "{}".getBytes(StandardCharsets.UTF_8)).put("data", "e30=");
        Files.delete(l.dir().resolve("blobs/sha256/" + Digest.parse(config.get("digest").asText()).hex()));
        ObjectNode layer = l.blob("application/vnd.cncf.falco.rulesfile.layer.v1+tar.gz", "rules".getBytes(StandardCharsets.UTF_8));
        ObjectNode m = OciLayouts.JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", OciLayouts.MANIFEST)
                .put("artifactType", "application/vnd.cncf.falco.rulesfile.config.v1+json");
        m.set("config", config);
        m.putArray("layers").add(layer);
        ObjectNode desc = l.json(OciLayouts.MANIFEST, m);
        l.tag(desc, "falco-rules:5").write();
        importLayout(l.dir(), null);
        OciRepository r = repo("falco-rules");
        assertEquals("application/vnd.cncf.falco.rulesfile.config.v1+json", r.manifests().get(digestOf(desc)).metadata().get("artifactType"));
        assertTrue(store.blobs().contains(Digest.parse(config.get("digest").asText())));
    }

    @Test
    void manifestEmbeddedInIndexJsonDataIsImported() throws IOException {
        OciLayouts l = OciLayouts.create(tmp.resolve("embedded"));
        ObjectNode image = l.image("embedded");
        Path file = l.dir().resolve("blobs/sha256/" + Digest.parse(digestOf(image)).hex());
        image.put("data", java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
        Files.delete(file);
        l.tag(image, "v1").write();
        importLayout(l.dir(), "embedded");
        assertTrue(store.blobs().contains(Digest.parse(digestOf(image))));
        assertEquals(Digest.parse(digestOf(image)), repo("embedded").tags().get("v1"));
    }

    @Test
    void tarLayoutImportsLikeTheDirectory() throws IOException {
        OciLayouts l = OciLayouts.create(tmp.resolve("dir"));
        ObjectNode image = l.image("packed");
        l.tag(image, "v1").write();
        Path tar = OciLayouts.tar(l.dir(), tmp.resolve("layout.tar"));
        assertTrue(new OciLayoutInput.Kind().recognizes(tar));
        importLayout(tar, "packed");
        assertEquals(Digest.parse(digestOf(image)), repo("packed").tags().get("v1"));
    }

    @Test
    void referrerRecordsSubjectArtifactTypeAndAnnotations() throws IOException {
        OciLayouts l = OciLayouts.create(tmp.resolve("ref"));
        ObjectNode image = l.image("signed");
        ObjectNode sig = OciLayouts.JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", OciLayouts.MANIFEST);
        sig.set("config", l.blob("application/vnd.dev.cosign.artifact.sig.v1+json", "{}".getBytes(StandardCharsets.UTF_8)));
        sig.putArray("layers").add(l.blob("application/vnd.dev.sigstore.bundle.v0.3+json", "sig".getBytes(StandardCharsets.UTF_8)));
        sig.set("subject", image.deepCopy());
        sig.putObject("annotations").put("org.opencontainers.image.created", "2026-01-01T00:00:00Z");
        ObjectNode sigDesc = l.json(OciLayouts.MANIFEST, sig);
        l.tag(image, "v1").tag(sigDesc, null).write();
        importLayout(l.dir(), "signed");
        Map<String, String> meta = repo("signed").manifests().get(digestOf(sigDesc)).metadata();
        assertEquals(digestOf(image), meta.get("subject"));
        assertEquals("application/vnd.dev.cosign.artifact.sig.v1+json", meta.get("artifactType"));
        assertTrue(meta.get("annotations").contains("2026-01-01T00:00:00Z"));
    }

    // ---- hostile layouts: refused with the entry and the reason, store unchanged

    @Test
    void symlinkInDirectoryIsRefused() throws IOException {
        OciLayouts l = OciLayouts.create(tmp.resolve("link"));
        l.tag(l.image("x"), "v1").write();
        Files.createSymbolicLink(l.dir().resolve("blobs/sha256/evil"), Path.of("/etc/passwd"));
        assertTrue(refused(l.dir(), "r").getMessage().contains("blobs/sha256/evil: symbolic link"));
    }

    @Test
    void tarWithTraversalLinkOrDuplicateIsRefused() throws IOException {
        OciLayouts l = OciLayouts.create(tmp.resolve("t"));
        l.tag(l.image("x"), "v1").write();
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (var walk = Files.walk(l.dir())) {
            for (Path p : (Iterable<Path>) walk::iterator) if (Files.isRegularFile(p)) files.put(l.dir().relativize(p).toString(), Files.readAllBytes(p));
        }
        Map<String, byte[]> traversal = new LinkedHashMap<>(files);
        traversal.put("../escape", new byte[1]);
        Files.write(tmp.resolve("traversal.tar"), OciLayouts.tarBytes(traversal, false));
        assertTrue(refused(tmp.resolve("traversal.tar"), "r").getMessage().contains("../escape: path traversal"));

        Map<String, byte[]> dup = new LinkedHashMap<>(files);
        dup.put("./index.json", files.get("index.json"));
        Files.write(tmp.resolve("dup.tar"), OciLayouts.tarBytes(dup, false));
        assertTrue(refused(tmp.resolve("dup.tar"), "r").getMessage().contains("appears twice"));

        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(e.getKey());
                entry.setSize(e.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
            var link = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("blobs/sha256/link",
                    org.apache.commons.compress.archivers.tar.TarConstants.LF_SYMLINK);
            link.setLinkName("/etc/shadow");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        }
        Files.write(tmp.resolve("link.tar"), bytes.toByteArray());
        assertTrue(refused(tmp.resolve("link.tar"), "r").getMessage().contains("blobs/sha256/link: symbolic link in tar"));
    }

    @Test
    void sizeLieIsRefusedBeforeReading() throws IOException {
        OciLayouts l = OciLayouts.create(tmp.resolve("lie"));
        ObjectNode config = l.blob("application/vnd.oci.image.config.v1+json", "{}".getBytes(StandardCharsets.UTF_8));
        ObjectNode layer = l.blob("application/vnd.oci.image.layer.v1.tar+gzip", "0123456789".getBytes(StandardCharsets.UTF_8));
        layer.put("size", 5);
        l.tag(l.manifest(config, layer), "v1").write();
        assertTrue(refused(l.dir(), "r").getMessage().contains("declared size 5 but"));
    }

    @Test
    void blobWhoseContentDoesNotMatchItsDigestIsRefused() throws IOException {
        OciLayouts l = OciLayouts.create(tmp.resolve("tamper"));
        ObjectNode config = l.blob("application/vnd.oci.image.config.v1+json", "{}".getBytes(StandardCharsets.UTF_8));
        ObjectNode layer = l.blob("application/vnd.oci.image.layer.v1.tar+gzip", "original".getBytes(StandardCharsets.UTF_8));
        l.tag(l.manifest(config, layer), "v1").write();
        Files.writeString(l.dir().resolve("blobs/sha256/" + Digest.parse(digestOf(layer)).hex()), "tampered");
        assertTrue(refused(l.dir(), "r").getMessage().contains("sha256 mismatch"));
    }

    @Test
    void unknownOrUnsupportedDigestAlgorithmsAreRefused() throws IOException {
        for (String digest : new String[]{"md5:d41d8cd98f00b204e9800998ecf8427e", "sha512:" + "ab".repeat(64), "sha256:XYZ"}) {
            OciLayouts l = OciLayouts.create(tmp.resolve("alg" + digest.length()));
            ObjectNode image = l.image("x");
            l.tag(image.put("digest", digest), "v1").write();
            String message = refused(l.dir(), "r").getMessage();
            assertTrue(message.contains("index.json manifests[0]"), message);
            assertTrue(message.contains("algorithm") || message.contains("malformed"), message);
        }
    }

    @Test
    void malformedJsonAndDuplicateKeysAreRefused() throws IOException {
        OciLayouts l = OciLayouts.create(tmp.resolve("badjson"));
        l.tag(l.image("x"), "v1").write();
        Files.writeString(l.dir().resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[");
        assertTrue(refused(l.dir(), "r").getMessage().contains("index.json: malformed JSON"));

        OciLayouts d = OciLayouts.create(tmp.resolve("dupkeys"));
        byte[] twoConfigs = ("{\"schemaVersion\":2,\"mediaType\":\"" + OciLayouts.MANIFEST + "\",\"config\":{},\"config\":{},\"layers\":[]}")
                .getBytes(StandardCharsets.UTF_8);
        d.tag(d.blob(OciLayouts.MANIFEST, twoConfigs), "v1").write();
        assertTrue(refused(d.dir(), "r").getMessage().contains("duplicate field 'config'"));
    }

    @Test
    void hugeManifestIsRefusedUnread() throws IOException {
        OciLayouts l = OciLayouts.create(tmp.resolve("huge"));
        ObjectNode fake = OciLayouts.JSON.createObjectNode().put("mediaType", OciLayouts.MANIFEST)
                .put("digest", "sha256:" + "0".repeat(64)).put("size", 5L << 20);
        l.tag(fake, "v1").write();
        assertTrue(refused(l.dir(), "r").getMessage().contains("exceeds the limit of 4194304"));
    }

    @Test
    void missingReferencedBlobOrChildManifestIsRefused() throws IOException {
        OciLayouts l = OciLayouts.create(tmp.resolve("missing"));
        ObjectNode image = l.image("x");
        ObjectNode child = l.image("child");
        ObjectNode index = l.index(image, child);
        l.tag(index, "v1").write();
        Files.delete(l.dir().resolve("blobs/sha256/" + Digest.parse(digestOf(child)).hex()));
        assertTrue(refused(l.dir(), "r").getMessage().contains("referenced manifest is missing"));

        OciLayouts m = OciLayouts.create(tmp.resolve("missingblob"));
        ObjectNode config = m.blob("application/vnd.oci.image.config.v1+json", "{}".getBytes(StandardCharsets.UTF_8));
        ObjectNode layer = m.blob("application/vnd.oci.image.layer.v1.tar+gzip", "gone".getBytes(StandardCharsets.UTF_8));
        m.tag(m.manifest(config, layer), "v1").write();
        Files.delete(m.dir().resolve("blobs/sha256/" + Digest.parse(digestOf(layer)).hex()));
        assertTrue(refused(m.dir(), "r").getMessage().contains("referenced blob is missing"));
    }

    @Test
    void headerInjectionInMediaTypeIsRefused() throws IOException {
        OciLayouts l = OciLayouts.create(tmp.resolve("crlf"));
        ObjectNode image = l.image("x");
        l.tag(image.put("mediaType", "application/json\r\nX-Evil: 1"), "v1").write();
        assertTrue(refused(l.dir(), "r").getMessage().contains("invalid media type"));
    }

    @Test
    void manifestWhoseMediaTypeContradictsItsDescriptorIsRefused() throws IOException {
        OciLayouts l = OciLayouts.create(tmp.resolve("contradict"));
        ObjectNode image = l.image("x");
        l.tag(image.put("mediaType", "application/vnd.docker.distribution.manifest.v2+json"), "v1").write();
        assertTrue(refused(l.dir(), "r").getMessage().contains("but it is referenced as"));
    }

    @Test
    void oneTagNamingTwoManifestsIsRefused() throws IOException {
        OciLayouts l = OciLayouts.create(tmp.resolve("twice"));
        l.tag(l.image("a"), "app:1").tag(l.image("b"), "other:1").write();
        assertTrue(refused(l.dir(), "one").getMessage().contains("one:1 is named twice"));
    }

    @Test
    void prefixAndInvalidRepositoryAreRefusedReplaceIsAccepted() throws IOException {
        OciLayouts l = OciLayouts.create(tmp.resolve("opts"));
        l.tag(l.image("a"), "v1").write();
        assertThrows(IllegalArgumentException.class, () -> OciLayoutInput.open(l.dir(), new ImportOptions().prefix("p")));
        OciLayoutInput.open(l.dir(), OciLayouts.options("app").replace(true)); // --replace: the input's tags replace the repository's
        assertThrows(IllegalArgumentException.class, () -> OciLayoutInput.open(l.dir(), OciLayouts.options("Bad/Name")));
    }

    @Test
    void schema1AndUnsupportedLayoutVersionAreRefused() throws IOException {
        OciLayouts l = OciLayouts.create(tmp.resolve("s1"));
        ObjectNode s1 = l.blob("application/vnd.docker.distribution.manifest.v1+prettyjws", "{\"schemaVersion\":1}".getBytes(StandardCharsets.UTF_8));
        l.tag(s1, "v1").write();
        assertTrue(refused(l.dir(), "r").getMessage().contains("schema 1"));
        Files.writeString(l.dir().resolve("oci-layout"), "{\"imageLayoutVersion\":\"2.0.0\"}");
        assertTrue(refused(l.dir(), "r").getMessage().contains("unsupported imageLayoutVersion"));
    }
}
