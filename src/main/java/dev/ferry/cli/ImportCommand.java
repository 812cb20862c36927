package dev.ferry.cli;

import dev.ferry.config.FerryConfig;
import dev.ferry.importer.ImportInput;
import dev.ferry.importer.ImportReport;
import dev.ferry.importer.Importer;
import dev.ferry.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Verify an input completely and publish it as one new generation, or refuse it and change nothing.")
final class ImportCommand implements Callable<Integer> {
    @Mixin
    StoreOptions storeOptions;

    @Mixin
    InputFlags inputs;

    @Mixin
    TrustOptions trustOptions;

    @Parameters(index = "0", paramLabel = "PATH", description = "What to import: a bundle (or its first part), a directory "
            + "with SHA256SUMS, an OpenSearch plugin .zip (or a directory of them), an OCI image layout (directory or .tar), "
            + "a falcoctl index.yaml, or another store.")
    Path path;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    OutputFormat output;

    @Option(names = "--create", description = "Create the store first if the path holds none (else a missing store is an error).")
    boolean create;

    @Option(names = "--server", paramLabel = "URL", description = "Upload the bundle PATH to a running server's admin API "
            + "instead of importing into a local store (needs --token-file).")
    java.net.URI server;

    @Option(names = "--token-file", paramLabel = "FILE", description = "With --server: a file holding a token with the import scope.")
    Path tokenFile;

    @Option(names = "--cacert", paramLabel = "FILE", description = "With an https --server: the CA to trust (ca.crt of 'ferry tls init').")
    Path cacert;

    @Override
    public Integer call() throws Exception {
        if (server != null) return RemoteImport.run(server, tokenFile, cacert, path, output);
        FerryConfig config = storeOptions.load();
        Store store = storeOptions.open(config, create);
        Importer importer = new Importer(store).allowDowngrade(trustOptions.allowDowngrade);
        ImportInput input;
        try {
            input = inputs.open(path, trustOptions.apply(inputs.options(config), config));
        } catch (IOException | RuntimeException refused) {
            importer.refusedAtOpen("input " + path.toAbsolutePath(), refused);
            throw refused;
        }
        ImportReport report;
        try (ProgressLine progress = new ProgressLine("importing " + path.getFileName(), -1)) {
            report = importer.run(input, progress);
        }
        String warning = input.details().get("warning");
        if (warning != null) Text.err("warning: " + warning);
        print(report, input.details());
        return 0;
    }

    private void print(ImportReport r, Map<String, String> details) {
        if (output == OutputFormat.json) {
            Map<String, Object> json = r.toJson();
            if (!details.isEmpty()) json.put("details", details);
            System.out.println(OutputFormat.toJson(json));
            return;
        }
        double seconds = Math.max(0.001, r.elapsed().toMillis() / 1000.0);
        Text.linef("%s %s", r.changed() ? "published generation" : "unchanged: generation",
                r.generation());
        Text.linef("  %d files, %d OCI tags, %s verified in %.1f s (%s/s), %d new blobs", r.files(),
                r.tags(), Sizes.bytes(r.bytes()), seconds, Sizes.bytes((long) (r.bytes() / seconds)), r.newBlobs());
        if (details.containsKey("bundleId")) {
            Text.linef("  bundle %s (channel %s, created %s), signer %s", details.get("bundleId"),
                    details.get("channel"), details.get("bundleCreated"), details.get("signer"));
        }
    }
}
