package dev.ferry.importer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.status.Activity;
import dev.ferry.core.Digest;
import dev.ferry.store.JournalEntry;
import dev.ferry.store.Store;
import dev.ferry.testing.CliRun;
import dev.ferry.testing.GuardedStore;
import dev.ferry.testing.OciLayouts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Anti-replay per artifact: whatever the input, a served Trivy DB or falcoctl artifact never silently goes back. */
class DowngradeGuardTest {
    static final String REFUSAL = "aquasec/trivy-db:2 would go from UpdatedAt 2026-11-20T00:00:00Z to 2026-11-01T00:00:00Z (older); "
            + "pass --allow-downgrade to accept";

    @TempDir
    Path tmp;

    Path trivyDb(String name, String updatedAt) throws IOException {
        OciLayouts l = OciLayouts.create(tmp.resolve(name));
        l.tag(l.trivy(OciLayouts.TRIVY_DB_LAYER, "db.tar.gz",
                OciLayouts.trivyArchive("trivy.db", 2, updatedAt, "2027-01-01T00:00:00Z")), "2");
        return l.write();
    }

    static CliRun ok(String... args) {
        CliRun r = CliRun.ferry(args);
        assertEquals(0, r.exit(), r.both());
        return r;
    }

    static CliRun ferry(String command, Path store, Path input, String... flags) {
        List<String> args = new ArrayList<>(List.of(command, "--store", store.toString()));
        if (command.equals("import")) args.add("--create");
        args.addAll(List.of(flags));
        args.add(input.toString());
        return CliRun.ferry(args.toArray(String[]::new));
    }

    static Digest servedDb(Path store) throws IOException {
        return Store.open(store).current().repository("aquasec/trivy-db").orElseThrow().tags().get("2");
    }

    @Test
    void anOlderTrivyDbIsRefusedNamingBothTimesUnlessAllowed() throws IOException {
        Path store = tmp.resolve("store");
        Path newer = trivyDb("newer", "2026-11-20T00:00:00Z");
        Path older = trivyDb("older", "2026-11-01T00:00:00Z");
        assertEquals(0, ferry("import", store, newer, "--repository", "aquasec/trivy-db").exit());
        Digest served = servedDb(store);

        GuardedStore guard = GuardedStore.around(store);
        CliRun refused = ferry("import", store, older, "--repository", "aquasec/trivy-db");
        assertNotEquals(0, refused.exit(), refused.both());
        assertTrue(refused.err().contains(REFUSAL), refused.both());
        guard.assertUntouched("a refused downgrade");

        CliRun accepted = ferry("import", store, older, "--repository", "aquasec/trivy-db", "--allow-downgrade");
        assertEquals(0, accepted.exit(), accepted.both());
        assertNotEquals(served, servedDb(store));
    }

    @Test
    void anOlderBundleOnAnotherChannelCannotPutAnOlderDbBack() throws IOException {
        Path store = tmp.resolve("store");
        Path oldBundle = tmp.resolve("old.tar");
        Path newBundle = tmp.resolve("new.tar");
        ok("bundle", "create", "--unsigned", "--channel", "stable", "--repository", "aquasec/trivy-db", "--out", oldBundle.toString(),
                trivyDb("older", "2026-11-01T00:00:00Z").toString());
        ok("bundle", "create", "--unsigned", "--channel", "nightly", "--repository", "aquasec/trivy-db", "--out", newBundle.toString(),
                trivyDb("newer", "2026-11-20T00:00:00Z").toString());
        assertEquals(0, ferry("import", store, newBundle, "--allow-unsigned").exit());
        assertFalse(new String(java.nio.file.Files.readAllBytes(newBundle), StandardCharsets.ISO_8859_1).contains("replaceTags"),
                "a bundle that re-tags nothing reads as before");

        GuardedStore guard = GuardedStore.around(store);
        CliRun verified = CliRun.ferry("bundle", "verify", "--store", store.toString(), "--allow-unsigned", oldBundle.toString());
        assertNotEquals(0, verified.exit(), verified.both());
        assertTrue(verified.err().contains(REFUSAL), "bundle verify --store predicts the refusal: " + verified.both());
        CliRun refused = ferry("import", store, oldBundle, "--allow-unsigned");
        assertNotEquals(0, refused.exit(), refused.both());
        assertTrue(refused.err().contains(REFUSAL), refused.both());
        guard.assertUntouched("a bundle that would put an older DB back");

        assertEquals(0, ferry("import", store, oldBundle, "--allow-unsigned", "--allow-downgrade").exit());
    }

    @Test
    void aBundleWithoutAnExplicitChannelIsWarnedAbout() throws IOException {
        Path store = tmp.resolve("store");
        Path bundle = tmp.resolve("b.tar");
        CliRun created = ok("bundle", "create", "--unsigned", "--repository", "aquasec/trivy-db", "--out", bundle.toString(),
                trivyDb("db", "2026-11-20T00:00:00Z").toString());
        assertTrue(created.err().contains("warning: no --channel given"), created.both());
        CliRun imported = ferry("import", store, bundle, "--allow-unsigned");
        assertEquals(0, imported.exit(), imported.both());
        assertTrue(imported.err().contains("warning: bundle") && imported.err().contains("has no explicit channel"), imported.both());
        List<JournalEntry> imports = Activity.of(Store.open(store).journal()).recentImports();
        assertTrue(imports.get(imports.size() - 1).details().getOrDefault("warning", "").contains("no explicit channel"));
    }

    /** A falcoctl rules file (an image manifest) or plugin (an index of one) whose config says {@code version}. */
    Path falcoArtifact(String name, String version, boolean plugin) throws IOException {
        OciLayouts l = OciLayouts.create(tmp.resolve(name));
        String kind = plugin ? "plugin" : "rulesfile";
        ObjectNode config = l.blob("application/vnd.cncf.falco." + kind + ".config.v1+json",
                ("{\"name\":\"k\",\"version\":\"" + version + "\"}").getBytes(StandardCharsets.UTF_8));
        ObjectNode layer = l.blob("application/vnd.cncf.falco." + kind + ".layer.v1+tar.gz",
                ("content of " + version).getBytes(StandardCharsets.UTF_8));
        ObjectNode manifest = l.manifest(config, layer);
        l.tag(plugin ? l.index(manifest) : manifest, "falcosecurity/" + kind + "s/k:0");
        return l.write();
    }

    @Test
    void aFalcoctlArtifactTagCannotGoBackToAnOlderVersion() throws IOException {
        for (boolean plugin : List.of(false, true)) {
            Path store = tmp.resolve("store-" + plugin);
            String repo = plugin ? "falcosecurity/plugins/k:0" : "falcosecurity/rulesfiles/k:0";
            assertEquals(0, ferry("import", store, falcoArtifact("v0.10-" + plugin, "0.10.0", plugin)).exit());
            GuardedStore guard = GuardedStore.around(store);
            CliRun refused = ferry("import", store, falcoArtifact("v0.9-" + plugin, "0.9.2", plugin));
            assertNotEquals(0, refused.exit(), refused.both());
            assertTrue(refused.err().contains(repo + " would go from version 0.10.0 to 0.9.2 (older)"), refused.both());
            guard.assertUntouched("an older falcoctl " + (plugin ? "plugin" : "rules file"));
            assertEquals(0, ferry("import", store, falcoArtifact("v0.9b-" + plugin, "0.9.2", plugin), "--allow-downgrade").exit());
        }
    }

    @Test
    void anOlderJavaDbIsRefusedToo() throws IOException {
        Path store = tmp.resolve("store");
        for (String updatedAt : List.of("2026-11-20T00:00:00Z", "2026-11-01T00:00:00Z")) {
            OciLayouts l = OciLayouts.create(tmp.resolve("java-" + updatedAt.substring(0, 10)));
            l.tag(l.trivy(OciLayouts.TRIVY_JAVADB_LAYER, "javadb.tar.gz",
                    OciLayouts.trivyArchive("trivy-java.db", 1, updatedAt, "2027-01-01T00:00:00Z")), "1");
            CliRun r = ferry("import", store, l.write(), "--repository", "mirror/trivy-java-db");
            if (updatedAt.startsWith("2026-11-20")) {
                assertEquals(0, r.exit(), r.both());
            } else {
                assertNotEquals(0, r.exit(), r.both());
                assertTrue(r.err().contains("aquasec/trivy-java-db:1 would go from UpdatedAt 2026-11-20T00:00:00Z to "
                        + "2026-11-01T00:00:00Z (older)"), r.both());
            }
        }
    }
}
