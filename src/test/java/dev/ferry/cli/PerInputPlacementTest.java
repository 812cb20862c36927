package dev.ferry.cli;

import dev.ferry.store.Generation;
import dev.ferry.store.Store;
import dev.ferry.testing.CliRun;
import dev.ferry.testing.OciLayouts;
import dev.ferry.testing.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One bundle, each input placed on its own: drivers at the top, an index under falcoctl/, a layout as a repository. */
class PerInputPlacementTest {
    @TempDir
    Path dir;

    @Test
    void eachInputPublishesWhereItsArgumentSays() throws Exception {
        Path drivers = Trees.tree(dir.resolve("drivers"), Trees.files("driver/7.0.0+driver/x86_64/falco_ubuntu_5.15.0-1049-gcp_57~20.04.1.ko", "module"));
        Path index = Files.writeString(dir.resolve("index.yaml"), """
                - name: falco-rules
                  type: rulesfile
                  registry: ghcr.io
                  repository: falcosecurity/rules/falco-rules
                  description: Falco rules
                  home: https://github.com/falcosecurity/rules
                  keywords: [falco-rules]
                  license: apache-2.0
                  maintainers: [{email: a@example.org, name: The Falco Authors}]
                  sources: [https://github.com/falcosecurity/rules]
                """);
        OciLayouts layout = OciLayouts.create(dir.resolve("layout"));
        layout.tag(layout.manifest(layout.image("config"), layout.blob("application/vnd.oci.image.layer.v1.tar", "layer".getBytes())), "1.0");
        Path layoutDir = layout.write();
        Path bundle = dir.resolve("one.tar");

        CliRun create = CliRun.ferry("bundle", "create", "--out", bundle.toString(), "--unsigned", "--channel", "placement",
                drivers.toString(), index + "@falcoctl", layoutDir + "@mirror/app");
        assertEquals(0, create.exit(), create.both());
        Path store = dir.resolve("store");
        CliRun imported = CliRun.ferry("import", "--create", "--store", store.toString(), "--allow-unsigned", bundle.toString());
        assertEquals(0, imported.exit(), imported.both());

        Generation g = Store.open(store).current();
        assertTrue(g.files().containsKey("driver/7.0.0+driver/x86_64/falco_ubuntu_5.15.0-1049-gcp_57~20.04.1.ko"), g.files().keySet().toString());
        assertTrue(g.files().containsKey("falcoctl/index.yaml"), g.files().keySet().toString());
        assertTrue(g.repositories().containsKey("mirror/app") && g.repositories().get("mirror/app").tags().containsKey("1.0"),
                g.repositories().keySet().toString());

        CliRun empty = CliRun.ferry("bundle", "create", "--out", dir.resolve("x.tar").toString(), "--unsigned", index + "@");
        assertNotEquals(0, empty.exit());
        assertTrue(empty.err().contains("nothing after '@'"), empty.err());
    }
}
