package dev.ferry.cli;

import dev.ferry.testing.BundleFixture;
import dev.ferry.testing.CliRun;
import dev.ferry.testing.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A mistyped --store never becomes a new, empty store; only init and import --create make one. */
class MistypedStoreTest {
    @TempDir
    Path dir;

    @Test
    void everyCommandRefusesAPathWithoutAStoreAndCreatesNothing() throws IOException {
        Path typo = dir.resolve("fery-data");
        Path tree = Trees.tree(dir.resolve("tree"), Trees.files("a.txt", "a"));
        BundleFixture fx = new BundleFixture(dir.resolve("fx"));
        Path bundle = Files.write(dir.resolve("b.tar"), fx.bundle(BundleFixture.spec().file("a.txt", "a")));
        String[][] commands = {
                {"status", "--store", typo.toString()},
                {"import", "--store", typo.toString(), tree.toString()},
                {"serve", "--store", typo.toString(), "--port", "0"},
                {"verify", "--store", typo.toString()},
                {"gc", "--store", typo.toString()},
                {"rollback", "--store", typo.toString()},
                {"bundle", "verify", "--trust", fx.trustDir.toString(), "--store", typo.toString(), bundle.toString()}};
        for (String[] command : commands) {
            CliRun run = CliRun.ferry(command);
            String what = String.join(" ", command);
            assertNotEquals(0, run.exit(), what + ": " + run.both());
            assertTrue(run.err().contains(typo + " does not exist; create a store with 'ferry init --store " + typo + "'"),
                    what + ": " + run.err());
            assertFalse(Files.exists(typo), what + " created " + typo);
        }
    }

    @Test
    void initAndImportCreateCreateOneAndServeRefusesItWhileEmpty() throws IOException {
        Path store = dir.resolve("store");
        CliRun init = CliRun.ferry("init", "--store", store.toString());
        assertEquals(0, init.exit(), init.both());
        assertTrue(init.out().contains("created an empty store at " + store), init.out());
        CliRun again = CliRun.ferry("init", "--store", store.toString());
        assertTrue(again.out().contains("already a Ferry store"), again.out());

        CliRun serve = CliRun.ferry("serve", "--store", store.toString(), "--port", "0");
        assertNotEquals(0, serve.exit());
        assertTrue(serve.err().contains("holds nothing to serve") && serve.err().contains("--allow-empty"), serve.err());

        Path other = dir.resolve("other");
        CliRun imported = CliRun.ferry("import", "--create", "--store", other.toString(),
                Trees.tree(dir.resolve("tree"), Trees.files("a.txt", "a")).toString());
        assertEquals(0, imported.exit(), imported.both());
        assertTrue(Files.isRegularFile(other.resolve("ferry-store")));
    }
}
