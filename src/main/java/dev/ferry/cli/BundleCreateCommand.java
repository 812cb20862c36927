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
import dev.ferry.bundle.InventoryFile;
import dev.ferry.bundle.Provenance;
import dev.ferry.fetch.FetchSettings;
import dev.ferry.fetch.Fetcher;
import dev.ferry.opensearch.PluginImportSettings;
import dev.ferry.spec.Fetchers;
import dev.ferry.spec.Materializer;
import dev.ferry.spec.Plan;
import dev.ferry.spec.PlannedArtifact;
import dev.ferry.spec.SpecRun;
import dev.ferry.store.FileTrees;
import dev.ferry.store.Generation;
import dev.ferry.store.Store;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Package inputs (bundles aside, anything 'ferry import' reads) and/or what a spec names upstream "
                + "(--spec: fetched, verified, with provenance and a lock) into one signed bundle. "
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

    @Option(names = "--base", paramLabel = "STORE|INVENTORY",
            description = "Make a delta bundle for a store whose current catalog equals this store's (or the one an inventory "
                    + "file from 'ferry inventory export' describes): its blobs are not carried, and only a store with exactly "
                    + "that catalog imports it. With --spec, artifacts the base holds are not fetched. A store directory is read as "
                    + "a file-system store; for a store in a bucket, export its inventory.")
    Path base;

    @picocli.CommandLine.Mixin
    SpecFlags specFlags;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4", description = "With --spec: downloads at a time (default 4).")
    int concurrency;

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML config file (env FERRY_CONFIG) whose input settings apply, e.g. opensearch.trustedKeys.")
    Path config;

    @picocli.CommandLine.Mixin
    InputFlags inputFlags;

    @Parameters(arity = "0..*", paramLabel = "INPUT[@PLACE]", description = "Directories with SHA256SUMS, stores, and other input "
            + "kinds; INPUT@PREFIX publishes that input under PREFIX (an OCI layout: INPUT@REPOSITORY), overriding --prefix/--repository.")
    List<String> inputs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (channel == null) {
            channel = BundleFormat.DEFAULT_CHANNEL;
            Text.err("warning: no --channel given: the bundle goes on channel '" + channel
                    + "', whose replay protection every bundle without a channel shares");
        }
        FerryConfig settings = ConfigLoader.load(StoreOptions.configFile(config), System.getenv(), Map.of());
        ImportOptions options = inputFlags.options(settings);
        if (inputs.isEmpty() && specFlags.spec == null) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "give INPUTs, --spec, or both");
        }
        Path folder = out.toAbsolutePath().getParent();
        if (!Files.isDirectory(folder)) {
            throw new java.nio.file.NoSuchFileException(folder + ": the folder for --out " + out + " does not exist "
                    + "(is the USB stick mounted?); create it first");
        }
        if (Files.exists(out) || Files.exists(out.resolveSibling(out.getFileName() + dev.ferry.bundle.SplitBundle.INDEX_SUFFIX))) {
            throw new java.nio.file.FileAlreadyExistsException(out + " exists; refusing to overwrite it"); // before any download
        }
        boolean inventory = base != null && Files.isRegularFile(base);
        List<ImportInput> opened = new ArrayList<>();
        for (String input : inputs) opened.add(inputFlags.openPlaced(input, options));
        DetachedSigner signer = signer();
        SpecRun run = specFlags.spec == null ? null : specFlags.run(base);
        Path work = null;
        try {
            Materializer.Result fetched = null;
            if (run != null) {
                FetchSettings fetchSettings = specFlags.fetchSettings(concurrency);
                // beside the download cache, not the output: the output is often a USB stick written once
                work = Files.createTempDirectory(Files.createDirectories(fetchSettings.cacheDir().resolve("work")), "spec-");
                fetched = fetch(run, options, work, fetchSettings);
                opened.addAll(fetched.inputs());
            }
            create(opened, fetched == null ? List.of() : fetched.provenance(), signer, baseCatalog(run, inventory));
            if (fetched != null && !run.locked()) {
                fetched.lock().write(run.lockFile());
                Text.line("  lock: " + run.lockFile());
            }
        } finally {
            if (work != null) FileTrees.deleteRecursively(work);
        }
        return 0;
    }

    /** Plans the spec, then fetches and verifies what the base lacks into {@code work} as importable inputs. */
    private Materializer.Result fetch(SpecRun run, ImportOptions options, Path work, FetchSettings settings) throws Exception {
        Fetcher fetcher = Fetchers.open(settings);
        Plan plan = run.plan(fetcher);
        for (PlannedArtifact a : plan.with(PlannedArtifact.Status.MISSING)) {
            Text.linef("missing: %s is not prebuilt upstream (%s); skipped", a.key(), a.upstream());
        }
        Text.linef("fetching %d artifacts (%s), %d held by the base", plan.with(PlannedArtifact.Status.FETCH).size(),
                Sizes.bytes(plan.fetchBytes()), plan.with(PlannedArtifact.Status.HELD).size());
        PluginImportSettings configured = options.setting(PluginImportSettings.class).orElse(PluginImportSettings.defaults());
        return new Materializer(fetcher, work, run.pluginSettings(configured), run.expected(plan), Clock.systemUTC())
                .onFetched(p -> Text.linef("  fetched %s (%s)", p.artifact(), String.join(", ", p.verified())))
                .run(plan, concurrency);
    }

    /** The catalog a delta is made against: a store's current one, or the one an inventory file carries. */
    private Generation baseCatalog(SpecRun run, boolean inventory) throws Exception {
        if (base == null) return null;
        if (run != null) return run.base().catalog();
        return inventory ? InventoryFile.read(base).catalog() : Store.open(base).current();
    }

    private void create(List<ImportInput> opened, List<Provenance> provenance, DetachedSigner signer, Generation baseCatalog)
            throws Exception {
        BundleFormat.Compression c = compression.zstd ? BundleFormat.Compression.ZSTD
                : compression.gzip ? BundleFormat.Compression.GZIP : BundleFormat.Compression.NONE;
        BundleCreator.Options o = new BundleCreator.Options(out, c, zstdLevel, split == null ? 0 : dev.ferry.config.ByteSizes.parse(split), signer,
                channel, expires == null ? null : Durations.parse(expires),
                creator != null ? creator : new Version().getVersion()[0],
                baseCatalog);
        BundleCreator.Result r;
        try (ProgressLine progress = new ProgressLine("bundling", -1)) {
            r = BundleCreator.create(opened, provenance, o, Instant.now(), progress);
        }
        Text.linef("bundle %s (channel %s, created %s)", r.manifest().id(), r.manifest().channel(), r.manifest().created());
        Text.linef("  %d files, %d repositories, %d blobs (%s), %s written%s", r.manifest().files().size(),
                r.manifest().repositories().size(), r.manifest().blobs().size(), Sizes.bytes(r.manifest().payloadBytes()),
                Sizes.bytes(r.bytesWritten()), r.manifest().base() == null ? "" : ", delta on " + r.manifest().base().inventory());
        Text.line("  signed: " + (signer == null ? "no (unsigned)" : signer.describe()));
        if (r.checksums().size() > 1) Text.line("  sha256 " + r.sha256().hex() + " (the parts concatenated)");
        Text.line("  sha256 of each file written (check a copy with: sha256sum -c):");
        r.checksums().forEach((file, digest) -> Text.line("  " + digest.hex() + "  " + file));
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
