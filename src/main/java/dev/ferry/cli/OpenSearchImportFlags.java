package dev.ferry.cli;

import dev.ferry.config.FerryConfig;
import dev.ferry.opensearch.OpenSearchSettings;
import dev.ferry.importer.ImportOptions;
import dev.ferry.opensearch.PluginImportSettings;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Flags for OpenSearch plugin inputs (part of {@link InputFlags}). */
final class OpenSearchImportFlags {
    @Option(names = "--opensearch-key", paramLabel = "FILE",
            description = "Also trust this OpenPGP public key file for plugin signatures (repeatable; config opensearch.trustedKeys).")
    List<Path> keys = new ArrayList<>();

    @Option(names = "--require-signature", description = "Refuse a plugin zip without its .sig (config opensearch.requireSignature).")
    boolean requireSignature;

    @Option(names = "--allow-missing-sha512", description = "Accept a plugin zip without its .sha512.")
    boolean allowMissingSha512;

    /** Adds the plugin settings from {@code config} and these flags to {@code options}. */
    ImportOptions apply(ImportOptions options, FerryConfig config) {
        OpenSearchSettings os = config.settings(OpenSearchSettings.class);
        List<Path> files = new ArrayList<>();
        os.trustedKeys().forEach(k -> files.add(Path.of(k)));
        files.addAll(keys);
        return options.with(PluginImportSettings.class, new PluginImportSettings(os.trustBuiltInKey(), files,
                requireSignature || os.requireSignature(), allowMissingSha512));
    }
}
