package dev.ferry.cli;

import dev.ferry.bundle.BundleCreator;
import dev.ferry.bundle.BundleFormat;
import dev.ferry.config.ConfigLoader;
import dev.ferry.config.Durations;
import dev.ferry.config.FerryConfig;
import dev.ferry.importer.ImportInput;
import dev.ferry.importer.ImportOptions;
import dev.ferry.pgp.DetachedSigner;
import dev.ferry.pgp.GpgSigner;
import dev.ferry.pgp.KeyFileSigner;
import dev.ferry.store.Store;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Package inputs (bundles aside, anything 'ferry import' reads) into one signed bundle. "
                + "The inputs are checked exactly as an import would check them.")
final class BundleCreateCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Bundle file to write (with --split: the stem of the parts).")
    Path out;

    @ArgGroup(exclusive = true)
    CompressionChoice compression = new CompressionChoice();

    static final class CompressionChoice {
        @Option(names = "--zstd", description = "Compress with zstd (with a content checksum).")
        boolean zstd;

        @Option(names = "--gzip", description = "Compress with gzip.")
        boolean gzip;
    }

    @Option(names = "--zstd-level", paramLabel = "N", defaultValue = "3", description = "zstd level, 1-19 (default 3).")
    int zstdLevel;

    @Option(names = "--split", paramLabel = "SIZE",
            description = "Write parts of at most SIZE (e.g. 4000M for FAT32 sticks) plus FILE.parts.json listing each part's sha256.")
    String split;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Signing signing;

    static final class Signing {
        @Option(names = "--sign-key", paramLabel = "KEYFILE",
                description = "Sign with this OpenPGP secret key file (passphrase from FERRY_SIGN_KEY_PASSPHRASE).")
        Path keyFile;

        @Option(names = "--gpg-key", paramLabel = "ID", description = "Sign by running 'gpg --detach-sign --local-user ID' (agents, smartcards).")
        String gpgKey;

        @Option(names = "--unsigned", description = "Write an unsigned bundle (importing it needs --allow-unsigned).")
        boolean unsigned;
    }

    @Option(names = "--gpg", paramLabel = "PATH", description = "gpg executable for --gpg-key (default: gpg on PATH).")
    String gpg;

    @Option(names = "--channel", paramLabel = "NAME",
            description = "Release channel: an importer refuses a bundle older than the newest it imported on the same channel "
                    + "(default: 'default', warned about).")
    String channel;

    @Option(names = "--expires", paramLabel = "DURATION", description = "Refuse imports after this long, e.g. 30d (default: never).")
    String expires;

    @Option(names = "--creator", paramLabel = "TEXT", description = "Who made the bundle (default: the Ferry version).")
    String creator;

    @Option(names = "--base", paramLabel = "STORE",
            description = "Make a delta bundle for a store whose current catalog equals this store's: its blobs are not carried, "
                    + "and only a store with exactly that catalog imports it.")
    Path base;

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML config file (env FERRY_CONFIG) whose input settings apply, e.g. opensearch.trustedKeys.")
    Path config;

    @picocli.CommandLine.Mixin
    InputFlags inputFlags;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Directories with SHA256SUMS, stores, and other input kinds.")
    List<Path> inputs;

    @Override
    public Integer call() throws Exception {
        if (channel == null) {
            channel = BundleFormat.DEFAULT_CHANNEL;
            Text.err("warning: no --channel given: the bundle goes on channel '" + channel
                    + "', whose replay protection every bundle without a channel shares");
        }
        FerryConfig settings = ConfigLoader.load(StoreOptions.configFile(config), System.getenv(), Map.of());
        ImportOptions options = inputFlags.options(settings);
        List<ImportInput> opened = new ArrayList<>();
        for (Path p : inputs) opened.add(inputFlags.open(p, options));
        DetachedSigner signer = signer();
        BundleFormat.Compression c = compression.zstd ? BundleFormat.Compression.ZSTD
                : compression.gzip ? BundleFormat.Compression.GZIP : BundleFormat.Compression.NONE;
        BundleCreator.Options o = new BundleCreator.Options(out, c, zstdLevel, split == null ? 0 : dev.ferry.config.ByteSizes.parse(split), signer,
                channel, expires == null ? null : Durations.parse(expires),
                creator != null ? creator : new Version().getVersion()[0],
                base == null ? null : Store.open(base).current());
        BundleCreator.Result r;
        try (ProgressLine progress = new ProgressLine("bundling", -1)) {
            r = BundleCreator.create(opened, o, Instant.now(), progress);
        }
        Text.linef("bundle %s (channel %s, created %s)", r.manifest().id(), r.manifest().channel(), r.manifest().created());
        Text.linef("  %d files, %d repositories, %d blobs (%s), %s written%s", r.manifest().files().size(),
                r.manifest().repositories().size(), r.manifest().blobs().size(), Sizes.bytes(r.manifest().payloadBytes()),
                Sizes.bytes(r.bytesWritten()), r.manifest().base() == null ? "" : ", delta on " + r.manifest().base().inventory());
        Text.line("  signed: " + (signer == null ? "no (unsigned)" : signer.describe()));
        r.files().forEach(f -> Text.line("  " + f));
        return 0;
    }

    private DetachedSigner signer() throws Exception {
        if (signing.unsigned) return null;
        if (signing.keyFile != null) {
            String pass = System.getenv("FERRY_SIGN_KEY_PASSPHRASE");
            return KeyFileSigner.load(signing.keyFile, pass == null ? null : pass.toCharArray());
        }
        return new GpgSigner(gpg, signing.gpgKey);
    }
}
