package dev.ferry.cli;

import dev.ferry.falco.FalcoImportSettings;
import dev.ferry.importer.ImportOptions;
import picocli.CommandLine.Option;

/** Flags for Falco inputs (part of {@link InputFlags}). */
final class FalcoImportFlags {
    @Option(names = "--allow-unparsed",
            description = "Falco driver trees: publish files under driver/ whose path or name does not parse (another driver name, "
                    + "site files) instead of refusing the import.")
    boolean allowUnparsed;

    ImportOptions apply(ImportOptions options) {
        return options.with(FalcoImportSettings.class, new FalcoImportSettings(allowUnparsed));
    }
}
