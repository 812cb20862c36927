package dev.ferry.trivy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.importer.Importer;
import dev.ferry.importer.InputKinds;
import dev.ferry.status.Artifact;
import dev.ferry.status.CatalogView;
import dev.ferry.core.Digest;
import dev.ferry.store.OciRepository;
import dev.ferry.core.RejectedException;
import dev.ferry.store.Store;
import dev.ferry.testing.OciLayouts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrivyDbClassifierTest {
    private static final String UPDATED = "2026-11-26T06:55:40.1Z";
    private static final String NEXT = "2026-11-27T06:55:40.1Z";

    @TempDir
    Path tmp;
    Store store;

    @BeforeEach
    void open() throws IOException {
        store = Store.create(tmp.resolve("store"));
    }

    private void importLayout(OciLayouts l, String repository) throws IOException {
        new Importer(store).run(dev.ferry.app.FerryFamilies.all().inputKinds().open(l.write(), null, OciLayouts.options(repository)), n -> { });
    }

    private String refusal(OciLayouts l) throws IOException {
        long before = store.current().number();
        RejectedException e = assertThrows(RejectedException.class, () -> importLayout(l, "mirror/db"));
        assertEquals(before, store.current().number());
        return e.getMessage();
    }

    @Test
    void trivyDbIsPublishedUnderBothNamespacesWithSchemaAndLatestTags() throws IOException {
        OciLayouts l = OciLayouts.create(tmp.resolve("db"));
        ObjectNode db = l.trivy(OciLayouts.TRIVY_DB_LAYER, "db.tar.gz", OciLayouts.trivyArchive("trivy.db", 2, UPDATED, NEXT));
        l.tag(db, "2");
        importLayout(l, "mirror/trivy-db");
        Digest digest = Digest.parse(db.get("digest").asText());
        for (String name : List.of("aquasec/trivy-db", "aquasecurity/trivy-db", "mirror/trivy-db")) {
            OciRepository r = store.current().repository(name).orElseThrow();
            assertEquals(digest, r.tags().get("2"), name);
            OciRepository.OciManifest m = r.manifests().get(digest.toString());
            assertEquals("trivy", m.family());
            assertEquals(Map.of("name", "trivy-db", "schemaVersion", "2", "updatedAt", "2026-11-26T06:55:40.100Z",
                    "nextUpdate", "2026-11-27T06:55:40.100Z", "downloadedAt", "0001-01-01T00:00:00Z",
                    "artifactType", "application/vnd.aquasec.trivy.config.v1+json"), m.metadata());
        }
        assertEquals(digest, store.current().repository("aquasec/trivy-db").orElseThrow().tags().get("latest"));
        CatalogView view = CatalogView.of(store.current(), store.blobs());
        assertEquals(1, view.dated().size());
        Artifact served = view.dated().get(0);
        assertEquals(List.of("aquasec/trivy-db:2", "aquasec/trivy-db:latest", "aquasecurity/trivy-db:2", "aquasecurity/trivy-db:latest",
                "mirror/trivy-db:2"), served.servedAs());
        assertFalse(served.overdue(Instant.parse("2026-11-26T12:00:00Z")));
        assertTrue(served.overdue(Instant.parse("2026-11-28T00:00:00Z")));
    }

    @Test
    void javaDbGetsItsSchemaTagOnly() throws IOException {
        OciLayouts l = OciLayouts.create(tmp.resolve("java"));
        l.tag(l.trivy(OciLayouts.TRIVY_JAVADB_LAYER, "javadb.tar.gz", OciLayouts.trivyArchive("trivy-java.db", 1, UPDATED, NEXT)), "1");
        importLayout(l, "mirror/trivy-java-db");
        OciRepository r = store.current().repository("aquasecurity/trivy-java-db").orElseThrow();
        assertEquals(List.of("1"), List.copyOf(r.tags().keySet()));
        assertTrue(store.current().repository("aquasec/trivy-java-db").isPresent());
    }

    @Test
    void newerDatabaseWinsTheAliasesWhenALayoutHoldsTwo() throws IOException {
        OciLayouts l = OciLayouts.create(tmp.resolve("two"));
        ObjectNode old = l.trivy(OciLayouts.TRIVY_DB_LAYER, "db.tar.gz", OciLayouts.trivyArchive("trivy.db", 2, "2026-11-20T00:00:00Z", NEXT));
        ObjectNode fresh = l.trivy(OciLayouts.TRIVY_DB_LAYER, "db.tar.gz", OciLayouts.trivyArchive("trivy.db", 2, UPDATED, NEXT));
        l.tag(fresh, "latest").tag(old, "2");
        importLayout(l, "mirror/trivy-db");
        OciRepository r = store.current().repository("aquasec/trivy-db").orElseThrow();
        assertEquals(fresh.get("digest").asText(), r.tags().get("2").toString());
        assertEquals(old.get("digest").asText(), store.current().repository("mirror/trivy-db").orElseThrow().tags().get("2").toString());
    }

    @Test
    void malformedTrivyArtifactsAreRefused() throws IOException {
        byte[] good = OciLayouts.trivyArchive("trivy.db", 2, UPDATED, NEXT);

        OciLayouts twoLayers = OciLayouts.create(tmp.resolve("two-layers"));
        ObjectNode config = twoLayers.blob("application/vnd.aquasec.trivy.config.v1+json", "{}".getBytes(StandardCharsets.UTF_8));
        ObjectNode layer = twoLayers.blob(OciLayouts.TRIVY_DB_LAYER, good);
        layer.putObject("annotations").put("org.opencontainers.image.title", "db.tar.gz");
        ObjectNode extra = twoLayers.blob("application/octet-stream", "x".getBytes(StandardCharsets.UTF_8));
        twoLayers.tag(twoLayers.manifest(config, layer, extra), "2");
        assertTrue(refusal(twoLayers).contains("exactly one layer"));

        OciLayouts noTitle = OciLayouts.create(tmp.resolve("no-title"));
        noTitle.tag(noTitle.trivy(OciLayouts.TRIVY_DB_LAYER, null, good), "2");
        assertTrue(refusal(noTitle).contains("org.opencontainers.image.title"));

        OciLayouts badTitle = OciLayouts.create(tmp.resolve("bad-title"));
        badTitle.tag(badTitle.trivy(OciLayouts.TRIVY_DB_LAYER, "../db.tar.gz", good), "2");
        assertTrue(refusal(badTitle).contains("not a plain .tar.gz file name"));

        OciLayouts notGzip = OciLayouts.create(tmp.resolve("not-gzip"));
        notGzip.tag(notGzip.trivy(OciLayouts.TRIVY_DB_LAYER, "db.tar.gz", "plain bytes".getBytes(StandardCharsets.UTF_8)), "2");
        assertTrue(refusal(notGzip).contains("not a gzip'd tar"));

        Map<String, byte[]> onlyDb = new LinkedHashMap<>();
        onlyDb.put("trivy.db", new byte[10]);
        OciLayouts noMeta = OciLayouts.create(tmp.resolve("no-meta"));
        noMeta.tag(noMeta.trivy(OciLayouts.TRIVY_DB_LAYER, "db.tar.gz", OciLayouts.tarBytes(onlyDb, true)), "2");
        assertTrue(refusal(noMeta).contains("has no metadata.json"));

        OciLayouts noDb = OciLayouts.create(tmp.resolve("no-db"));
        noDb.tag(noDb.trivy(OciLayouts.TRIVY_DB_LAYER, "db.tar.gz", OciLayouts.trivyArchive("other.db", 2, UPDATED, NEXT)), "2");
        assertTrue(refusal(noDb).contains("has no trivy.db"));

        OciLayouts badTime = OciLayouts.create(tmp.resolve("bad-time"));
        badTime.tag(badTime.trivy(OciLayouts.TRIVY_DB_LAYER, "db.tar.gz", OciLayouts.trivyArchive("trivy.db", 2, "yesterday", NEXT)), "2");
        assertTrue(refusal(badTime).contains("'UpdatedAt' is not an RFC 3339 time"));

        Map<String, byte[]> escape = new LinkedHashMap<>();
        escape.put("trivy.db", new byte[10]);
        escape.put("../../etc/cron.d/x", new byte[1]);
        OciLayouts traversal = OciLayouts.create(tmp.resolve("traversal"));
        traversal.tag(traversal.trivy(OciLayouts.TRIVY_DB_LAYER, "db.tar.gz", OciLayouts.tarBytes(escape, true)), "2");
        assertTrue(refusal(traversal).contains("escapes the database directory"));
    }
}
