package dev.ferry.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.bundle.BundleImportSettings;
import dev.ferry.bundle.BundleImporter;
import dev.ferry.testing.CliRun;
import dev.ferry.testing.OciLayouts;
import dev.ferry.testing.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An uploaded bundle is held to the same per-artifact downgrade rule as a local import. */
class UploadDowngradeTest {
    @TempDir
    Path tmp;

    Path bundle(String name, String updatedAt) throws IOException {
        OciLayouts l = OciLayouts.create(tmp.resolve(name));
        ObjectNode db = l.trivy(OciLayouts.TRIVY_DB_LAYER, "db.tar.gz", OciLayouts.trivyArchive("trivy.db", 2, updatedAt,
                "2027-01-01T00:00:00Z"));
        l.tag(db, "2").write();
        Path out = tmp.resolve(name + ".tar");
        CliRun r = CliRun.ferry("bundle", "create", "--unsigned", "--channel", name, "--repository", "aquasec/trivy-db",
                "--out", out.toString(), l.dir().toString());
        assertEquals(0, r.exit(), r.both());
        return out;
    }

    @Test
    void anUploadThatWouldServeAnOlderDbIsRefused() throws Exception {
        try (AdminFixture f = new AdminFixture(tmp)) {
            BundleImporter importer = new BundleImporter(f.store, BundleImportSettings.NONE.withAllowUnsigned(true).options());
            importer.importFile(bundle("newer", "2026-11-20T00:00:00Z"), n -> { });
            Path older = bundle("older", "2026-11-01T00:00:00Z");
            f.start(importer::importStream);
            Map<String, byte[]> before = Trees.snapshot(f.store.root());
            HttpResponse<String> refused = f.post("/api/v1/imports", f.tokens.get("importer"), Files.readAllBytes(older));
            assertEquals(422, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("aquasec/trivy-db:2 would go from UpdatedAt 2026-11-20T00:00:00Z to "
                    + "2026-11-01T00:00:00Z (older)"), refused.body());
            f.assertUnchanged(before);
        }
    }
}
