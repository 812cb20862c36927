package dev.ferry.opensearch;

import dev.ferry.store.Store;
import dev.ferry.testing.CliRun;
import dev.ferry.testing.GuardedStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replacing the plugins under a prefix must not silently serve an older version of a plugin. */
class PluginDowngradeTest {
    @TempDir
    Path tmp;

    Path pluginDir(String name, String version) throws IOException {
        Path dir = tmp.resolve(name + "-" + version);
        Path zip = PluginZips.write(dir.resolve(name + "-" + version + ".zip"), PluginZips.plugin(name, version, "2.19.4"));
        PluginZips.sha512(zip);
        return dir;
    }

    static CliRun importInto(Path store, Path dir, String... flags) {
        String[] args = new String[flags.length + 6];
        args[0] = "import";
        args[1] = "--store";
        args[2] = store.toString();
        args[3] = "--replace";
        args[4] = "--create";
        System.arraycopy(flags, 0, args, 5, flags.length);
        args[args.length - 1] = dir.toString();
        return CliRun.ferry(args);
    }

    @Test
    void replacingAPluginWithAnOlderVersionIsRefusedUnlessAllowed() throws IOException {
        Path store = tmp.resolve("store");
        assertEquals(0, importInto(store, pluginDir("repository-s3", "2.19.4.0"), "--prefix=plugins").exit());
        GuardedStore guard = GuardedStore.around(store);
        CliRun refused = importInto(store, pluginDir("repository-s3", "2.19.3.0"), "--prefix=plugins");
        assertNotEquals(0, refused.exit(), refused.both());
        assertTrue(refused.err().contains("OpenSearch plugin repository-s3 under /plugins/ would go from version 2.19.4.0 to 2.19.3.0 "
                + "(older); pass --allow-downgrade to accept"), refused.both());
        guard.assertUntouched("a refused plugin downgrade");

        assertEquals(0, importInto(store, pluginDir("repository-s3", "2.19.3.0"), "--prefix=plugins", "--allow-downgrade").exit());
        assertFalse(Store.open(store).current().files().containsKey("plugins/repository-s3-2.19.4.0.zip"));
        assertTrue(Store.open(store).current().files().containsKey("plugins/repository-s3-2.19.3.0.zip"));
    }

    @Test
    void anOlderVersionBesideTheNewerOneIsNoDowngrade() throws IOException {
        Path store = tmp.resolve("store");
        assertEquals(0, CliRun.ferry("import", "--create", "--store", store.toString(), pluginDir("repository-s3", "2.19.4.0").toString()).exit());
        CliRun added = CliRun.ferry("import", "--create", "--store", store.toString(), pluginDir("repository-s3", "2.19.3.0").toString());
        assertEquals(0, added.exit(), added.both());
    }
}
