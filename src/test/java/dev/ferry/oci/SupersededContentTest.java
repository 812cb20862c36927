package dev.ferry.oci;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.Digest;
import dev.ferry.store.OciRepository;
import dev.ferry.store.Store;
import dev.ferry.testing.CliRun;
import dev.ferry.testing.OciLayouts;
import dev.ferry.testing.ServedStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Day-2 retention: each DB update supersedes the last one, and superseded content leaves the catalog and the disk. */
class SupersededContentTest {
    static final String REPO = "aquasec/trivy-db";

    @TempDir
    Path tmp;

    /** A Trivy DB layout tagged "2" whose metadata.json says {@code updatedAt}; returns its manifest and layer digests. */
    record Db(Path layout, Digest manifest, Digest layer) {
    }

    Db trivyDb(String name, String updatedAt) throws IOException {
        OciLayouts l = OciLayouts.create(tmp.resolve(name));
        ObjectNode db = l.trivy(OciLayouts.TRIVY_DB_LAYER, "db.tar.gz",
                OciLayouts.trivyArchive("trivy.db", 2, updatedAt, "2027-01-01T00:00:00Z"));
        l.tag(db, "2");
        Path dir = l.write();
        ObjectNode manifest = (ObjectNode) OciLayouts.JSON.readTree(Files.readAllBytes(
                dir.resolve("blobs/sha256/" + Digest.parse(db.get("digest").asText()).hex())));
        return new Db(dir, Digest.parse(db.get("digest").asText()), Digest.parse(manifest.get("layers").get(0).get("digest").asText()));
    }

    Path config(String yaml) throws IOException {
        return Files.writeString(tmp.resolve("ferry-" + System.nanoTime() + ".yaml"), yaml);
    }

    static CliRun ok(String... args) {
        CliRun r = CliRun.ferry(args);
        assertEquals(0, r.exit(), r.both());
        return r;
    }

    CliRun importInto(Path store, Path config, Path input, String... extra) {
        List<String> args = new ArrayList<>(List.of("import", "--create", "--store", store.toString()));
        if (config != null) args.addAll(List.of("--config", config.toString()));
        args.addAll(List.of(extra));
        args.add(input.toString());
        return ok(args.toArray(String[]::new));
    }

    static Set<String> manifests(Path store, String repo) throws IOException {
        return Store.open(store).current().repository(repo).map(r -> r.manifests().keySet()).orElse(Set.of());
    }

    static int pull(ServedStore served, Digest manifest) throws IOException {
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + served.port() + "/v2/" + REPO + "/manifests/" + manifest))
                .header("Accept", OciLayouts.MANIFEST).build();
        try {
            return HttpClient.newHttpClient().send(get, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }

    static boolean onDisk(Path store, Digest d) {
        return Files.exists(store.resolve("blobs/sha256/" + d.hex()));
    }

    @Test
    void threeDbUpdatesLeaveOnlyTheServedDbAndGcFreesTheOldOnes() throws IOException {
        Path store = tmp.resolve("store");
        Path cfg = config("store:\n  keepUntagged: 0\n");
        Db a = trivyDb("a", "2026-11-01T00:00:00Z");
        Db b = trivyDb("b", "2026-11-10T00:00:00Z");
        Db c = trivyDb("c", "2026-11-20T00:00:00Z");
        for (Db db : List.of(a, b, c)) importInto(store, cfg, db.layout(), "--repository", REPO);

        for (String repo : List.of(REPO, "aquasecurity/trivy-db")) {
            assertEquals(Set.of(c.manifest().toString()), manifests(store, repo), repo + ": only the served DB is listed");
            OciRepository r = Store.open(store).current().repository(repo).orElseThrow();
            assertFalse(r.blobs().containsKey(a.layer().toString()), repo + ": the old layer is not served");
        }
        try (ServedStore served = ServedStore.start(tmp, java.util.Map.of(), java.util.Map.of())) {
            assertEquals(404, pull(served, a.manifest()), "superseded DB no longer pullable by digest");
            assertEquals(404, pull(served, b.manifest()));
            assertEquals(200, pull(served, c.manifest()));
        }
        assertTrue(onDisk(store, a.layer()), "older generations still hold it until gc");
        CliRun gc = ok("gc", "--store", store.toString(), "--keep", "1");
        assertFalse(onDisk(store, a.layer()), gc.both());
        assertFalse(onDisk(store, b.layer()), gc.both());
        assertFalse(onDisk(store, a.manifest()), gc.both());
        assertTrue(onDisk(store, c.layer()));
        assertTrue(onDisk(store, c.manifest()));
    }

    @Test
    void statusShowsTheBytesGcWouldFree() throws IOException {
        Path store = tmp.resolve("store");
        Path cfg = config("store:\n  keepUntagged: 0\n  keepGenerations: 1\n");
        Db a = trivyDb("a", "2026-11-01T00:00:00Z");
        Db b = trivyDb("b", "2026-11-10T00:00:00Z");
        importInto(store, cfg, a.layout(), "--repository", REPO);
        assertEquals(0, reclaimable(store, cfg));
        importInto(store, cfg, b.layout(), "--repository", REPO);
        long superseded = Files.size(store.resolve("blobs/sha256/" + a.manifest().hex()))
                + Files.size(store.resolve("blobs/sha256/" + a.layer().hex()));
        assertEquals(superseded, reclaimable(store, cfg), "the old DB's manifest and layer");
        CliRun text = ok("status", "--store", store.toString(), "--config", cfg.toString());
        assertTrue(text.out().contains("reclaimable:  2 blobs"), text.out());
        CliRun gc = ok("gc", "--store", store.toString(), "--config", cfg.toString());
        assertTrue(gc.out().contains("and 2 blobs"), gc.out());
        assertEquals(0, reclaimable(store, cfg));
    }

    static long reclaimable(Path store, Path cfg) throws IOException {
        CliRun r = ok("status", "--store", store.toString(), "--config", cfg.toString(), "--output", "json");
        return OciLayouts.JSON.readTree(r.out()).get("reclaimableBytes").asLong();
    }

    @Test
    void theNewestUntaggedManifestsAreKeptByDefault() throws IOException {
        Path store = tmp.resolve("store");
        List<Db> dbs = List.of(trivyDb("a", "2026-11-01T00:00:00Z"), trivyDb("b", "2026-11-10T00:00:00Z"),
                trivyDb("c", "2026-11-20T00:00:00Z"), trivyDb("d", "2026-11-30T00:00:00Z"));
        for (Db db : dbs) importInto(store, null, db.layout(), "--repository", REPO);
        assertEquals(Set.of(dbs.get(1).manifest().toString(), dbs.get(2).manifest().toString(), dbs.get(3).manifest().toString()),
                manifests(store, REPO), "the served DB plus the newest 2 superseded ones");
        ok("gc", "--store", store.toString(), "--keep", "1");
        assertFalse(onDisk(store, dbs.get(0).layer()));
        assertTrue(onDisk(store, dbs.get(1).layer()));
    }

    @Test
    void aPinnedDigestStays() throws IOException {
        Path store = tmp.resolve("store");
        Db a = trivyDb("a", "2026-11-01T00:00:00Z");
        Db b = trivyDb("b", "2026-11-10T00:00:00Z");
        Db c = trivyDb("c", "2026-11-20T00:00:00Z");
        Path cfg = config("store:\n  keepUntagged: 0\n  pinned: [\"" + REPO + "@" + a.manifest() + "\"]\n");
        for (Db db : List.of(a, b, c)) importInto(store, cfg, db.layout(), "--repository", REPO);
        assertEquals(Set.of(a.manifest().toString(), c.manifest().toString()), manifests(store, REPO));
        assertFalse(manifests(store, "aquasecurity/trivy-db").contains(a.manifest().toString()), "pinned in one repository only");
        ok("gc", "--store", store.toString(), "--keep", "1");
        assertTrue(onDisk(store, a.layer()));
        assertFalse(onDisk(store, b.layer()));
    }

    @Test
    void aTaggedIndexKeepsItsChildrenAndReplaceDropsStaleTags() throws IOException {
        Path store = tmp.resolve("store");
        Path cfg = config("store:\n  keepUntagged: 0\n");
        OciLayouts first = OciLayouts.create(tmp.resolve("first"));
        ObjectNode amd = first.image("amd64 layer");
        ObjectNode arm = first.image("arm64 layer");
        ObjectNode index = first.index(amd, arm);
        ObjectNode old = first.image("old release");
        first.tag(index, "library/app:1.0").tag(old, "library/app:0.9").write();
        importInto(store, cfg, first.dir());

        OciLayouts second = OciLayouts.create(tmp.resolve("second"));
        ObjectNode next = second.image("new release");
        second.tag(next, "library/app:1.1").write();
        importInto(store, cfg, second.dir());
        Set<String> kept = manifests(store, "library/app");
        for (ObjectNode m : List.of(index, amd, arm, old, next)) assertTrue(kept.contains(m.get("digest").asText()), kept.toString());

        OciLayouts third = OciLayouts.create(tmp.resolve("third"));
        ObjectNode latest = third.image("newest release");
        third.tag(latest, "library/app:1.2").write();
        importInto(store, cfg, third.dir(), "--replace");
        OciRepository app = Store.open(store).current().repository("library/app").orElseThrow();
        assertEquals(Set.of("1.2"), app.tags().keySet(), "--replace: the input's tags are the repository's tags");
        assertEquals(Set.of(latest.get("digest").asText()), app.manifests().keySet());
    }

    @Test
    void replaceTravelsInABundle() throws IOException {
        Path store = tmp.resolve("store");
        Path cfg = config("store:\n  keepUntagged: 0\n");
        OciLayouts first = OciLayouts.create(tmp.resolve("first"));
        first.tag(first.image("old"), "library/app:1.0").write();
        importInto(store, cfg, first.dir());
        OciLayouts second = OciLayouts.create(tmp.resolve("second"));
        ObjectNode next = second.image("new");
        second.tag(next, "library/app:2.0").write();
        Path bundle = tmp.resolve("app.tar");
        ok("bundle", "create", "--unsigned", "--channel", "apps", "--replace", "--out", bundle.toString(), second.dir().toString());
        String manifest = new String(Files.readAllBytes(bundle), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(manifest.contains("\"replaceTags\":[\"library/app\"]"), "the bundle says which repositories it re-tags");
        assertFalse(manifest.contains("publishedAt"), "publish times belong to a store, not to a bundle");
        importInto(store, cfg, bundle, "--allow-unsigned");
        OciRepository app = Store.open(store).current().repository("library/app").orElseThrow();
        assertEquals(Set.of("2.0"), app.tags().keySet());
        assertEquals(Set.of(next.get("digest").asText()), app.manifests().keySet());
    }

    @Test
    void aReferrerStaysAsLongAsItsSubject() throws IOException {
        Path store = tmp.resolve("store");
        Path cfg = config("store:\n  keepUntagged: 0\n");
        OciLayouts l = OciLayouts.create(tmp.resolve("signed"));
        ObjectNode image = l.image("signed release");
        ObjectNode signatureDoc = OciLayouts.JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", OciLayouts.MANIFEST)
                .put("artifactType", "application/vnd.dev.cosign.simplesigning.v1+json");
        signatureDoc.set("config", l.blob("application/vnd.oci.empty.v1+json", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        signatureDoc.putArray("layers").add(l.blob("application/vnd.dev.cosign.simplesigning.v1+json",
                "signature".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        signatureDoc.set("subject", image.deepCopy());
        ObjectNode signature = l.json(OciLayouts.MANIFEST, signatureDoc);
        l.tag(image, "1.0").tag(signature, null).write();
        importInto(store, cfg, l.dir(), "--repository", "library/app");

        OciLayouts other = OciLayouts.create(tmp.resolve("other"));
        other.tag(other.image("unrelated"), "2.0").write();
        importInto(store, cfg, other.dir(), "--repository", "library/app");
        assertTrue(manifests(store, "library/app").contains(signature.get("digest").asText()), "the signature of a served image stays");
    }
}
