package dev.ferry.testing;

import dev.ferry.app.FerryFamilies;
import dev.ferry.importer.ChecksummedTreeInput;
import dev.ferry.importer.ImportOptions;

import java.io.IOException;
import java.nio.file.Path;

/** Opens inputs the way the CLI does: with every family's classifiers (a driver tree's drivers are Falco's). */
public final class Classified {
    private Classified() {
    }

    public static ChecksummedTreeInput tree(Path dir, ImportOptions options) throws IOException {
        return ChecksummedTreeInput.open(dir, FerryFamilies.all().inputKinds().equip(options));
    }
}
