package dev.ferry.cli;

import dev.ferry.config.FerryConfig;
import dev.ferry.importer.ImportInput;
import dev.ferry.importer.ImportOptions;
import dev.ferry.importer.InputKind;
import dev.ferry.app.FerryFamilies;
import dev.ferry.oci.OciImportSettings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * How inputs are read and checked, shared by {@code import} and {@code bundle create}: a bundle is
 * made with exactly the checks the import on the other side of the gap will apply.
 */
final class InputFlags {
    @Option(names = "--prefix", paramLabel = "P", description = "Publish the input's paths under P/.")
    String prefix;

    @Option(names = "--replace",
            description = "Unpublish paths under the prefix that the input does not contain (for a bundle: when it is imported); "
                    + "for an OCI layout, the input's tags become the only tags of each repository it publishes.")
    boolean replace;

    @Option(names = "--repository", paramLabel = "NAME",
            description = "OCI layouts: publish the layout's tags (and untagged manifests) as repository NAME.")
    String repository;

    @Option(names = "--kind", paramLabel = "KIND", description = "Input kind, when detection is not wanted.")
    String kind;

    @Mixin
    FalcoImportFlags falco;

    @Mixin
    OpenSearchImportFlags opensearch;

    /** These flags plus the input settings of {@code config}. */
    ImportOptions options(FerryConfig config) {
        return falco.apply(opensearch.apply(new ImportOptions().prefix(prefix).replace(replace), config))
                .with(OciImportSettings.class, new OciImportSettings(repository));
    }

    ImportInput open(Path path, ImportOptions options) throws IOException {
        return FerryFamilies.all().inputKinds().open(path, kind, options);
    }

    /**
     * An input argument of {@code bundle create}: {@code PATH}, or {@code PATH@PLACE} to publish this
     * input alone under the path prefix PLACE (an OCI layout: as repository PLACE), so that one
     * bundle can put, say, a falcoctl index under falcoctl/ beside drivers at the top. A path that
     * exists as given is never split at an '@'.
     */
    ImportInput openPlaced(String argument, ImportOptions options) throws IOException {
        int at = argument.lastIndexOf('@');
        if (at <= 0 || Files.exists(Path.of(argument), LinkOption.NOFOLLOW_LINKS)) return open(Path.of(argument), options);
        Path path = Path.of(argument.substring(0, at));
        String place = argument.substring(at + 1);
        if (place.isEmpty()) throw new IllegalArgumentException(argument + ": nothing after '@' (PATH@PREFIX, or PATH@REPOSITORY for an OCI layout)");
        ImportOptions placed = options.copy();
        InputKind detected = FerryFamilies.all().inputKinds().detect(path, kind);
        if (detected.name().equals("oci-layout")) placed.with(OciImportSettings.class, new OciImportSettings(place));
        else placed.prefix(place);
        return detected.open(path, placed);
    }
}
