package dev.ferry.cli;

import dev.ferry.bundle.BundleImportSettings;
import dev.ferry.config.FerryConfig;
import dev.ferry.importer.ImportOptions;
import dev.ferry.pgp.TrustedKeys;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** How signed input is judged: which keys are trusted, and the two explicit exceptions an admin may make. */
final class TrustOptions {
    @Option(names = "--trust", paramLabel = "DIR",
            description = "Directory of trusted OpenPGP public keys (*.asc, *.gpg, *.pgp, *.pub; config bundles.trust).")
    Path trust;

    @Option(names = "--allow-unsigned", description = "Accept bundles without a signature (a bad signature is never accepted).")
    boolean allowUnsigned;

    @Option(names = "--allow-downgrade", description = "Accept an input that goes back: a bundle older than the newest imported "
            + "on its channel, or any input that would serve an older Trivy DB (UpdatedAt), plugin or falcoctl artifact (version).")
    boolean allowDowngrade;

    /** The trusted keys: --trust, else the configured directory, else none. */
    TrustedKeys keys(FerryConfig config) throws IOException {
        Path dir = trust != null ? trust : config.bundles().trust().isEmpty() ? null : Path.of(config.bundles().trust());
        return dir == null ? TrustedKeys.none() : TrustedKeys.load(dir);
    }

    ImportOptions apply(ImportOptions options, FerryConfig config) throws IOException {
        return options.with(BundleImportSettings.class, BundleImportSettings.trusting(keys(config))
                .withAllowUnsigned(allowUnsigned).withAllowDowngrade(allowDowngrade));
    }
}
