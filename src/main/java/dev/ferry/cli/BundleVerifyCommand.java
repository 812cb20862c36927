package dev.ferry.cli;

import dev.ferry.bundle.BundleSource;
import dev.ferry.bundle.BundleVerifier;
import dev.ferry.config.FerryConfig;
import dev.ferry.importer.ImportOptions;
import dev.ferry.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check a bundle completely (structure, signature, expiry, every blob's digest and size) without writing anything. "
                + "With --store, also check it against that store's channel history and, for a delta, its base.")
final class BundleVerifyCommand implements Callable<Integer> {
    @Mixin
    TrustOptions trustOptions;

    @Option(names = "--store", paramLabel = "DIR", description = "Store to check replay, downgrades and delta base against (read only); "
            + "for a store in a bucket, its local state directory with --config naming the bucket.")
    Path store;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config file (env FERRY_CONFIG), for bundles.trust.")
    Path config;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    OutputFormat output;

    @Parameters(index = "0", paramLabel = "FILE", description = "Bundle file, its first part or its .parts.json index.")
    Path file;

    /** The store at --store on the backend the configuration names (its local state directory for a bucket). */
    private Store openStore(Path configFile) throws java.io.IOException {
        FerryConfig at = dev.ferry.config.ConfigLoader.load(configFile, System.getenv(), Map.of("store.path", store.toString()));
        return StoreBackends.open(at.store(), false);
    }

    @Override
    public Integer call() throws Exception {
        Path configFile = config != null ? config : System.getenv("FERRY_CONFIG") == null ? null : Path.of(System.getenv("FERRY_CONFIG"));
        FerryConfig cfg = dev.ferry.config.ConfigLoader.load(configFile, System.getenv(), Map.of());
        ImportOptions options = trustOptions.apply(new ImportOptions(), cfg);
        BundleVerifier.Report r;
        try (ProgressLine progress = new ProgressLine("verifying " + file.getFileName(), -1)) {
            r = BundleVerifier.verify(BundleSource.of(file), options, store == null ? null : openStore(configFile), progress);
        }
        if (output == OutputFormat.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("valid", true);
            json.put("blobs", r.blobs());
            json.put("bytes", r.bytes());
            json.put("details", r.details());
            System.out.println(OutputFormat.toJson(json));
            return 0;
        }
        var m = r.bundle().manifest();
        Text.linef("valid: bundle %s (channel %s, created %s)", m.id(), m.channel(), m.created());
        Text.line("  signer: " + (r.bundle().signer() == null ? "none (unsigned, accepted with --allow-unsigned)"
                : r.bundle().signer().fingerprint() + (r.bundle().signer().userId().isEmpty() ? "" : " (" + r.bundle().signer().userId() + ")")));
        Text.linef("  %d blobs, %s checked; %d files, %d repositories%s", r.blobs(), Sizes.bytes(r.bytes()),
                m.files().size(), m.repositories().size(), store == null ? "" : "; acceptable to store " + store);
        return 0;
    }
}
