package dev.ferry.cli;

import dev.ferry.config.FerryConfig;
import dev.ferry.importer.ImportInput;
import dev.ferry.importer.Repairer;
import dev.ferry.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "repair", mixinStandardHelpOptions = true,
        description = "Restore blobs the kept generations reference but the store lacks (quarantined by verify, or lost) from "
                + "a bundle, store or directory, verified as an import verifies it. Publishes nothing: no tag or path moves.")
final class RepairCommand implements Callable<Integer> {
    @Mixin
    StoreOptions storeOptions;

    @Mixin
    InputFlags inputs;

    @Mixin
    TrustOptions trustOptions;

    @Option(names = "--from", required = true, paramLabel = "PATH",
            description = "A bundle (or its first part), another store, a directory with SHA256SUMS, plugin zips or an OCI layout.")
    Path from;

    @Override
    public Integer call() throws Exception {
        FerryConfig config = storeOptions.load();
        Store store = storeOptions.open(config);
        ImportInput input = inputs.open(from, trustOptions.apply(inputs.options(config), config));
        Repairer.Result r = Repairer.run(store, input);
        if (r.restored().isEmpty() && r.missing().isEmpty()) {
            Text.line("nothing to repair: every blob the kept generations reference is present");
            return 0;
        }
        Text.linef("restored %d blobs from %s", r.restored().size(), input.describe());
        r.missing().forEach((digest, owner) -> Text.line("  still missing: " + digest + " (" + owner + ")"));
        return r.missing().isEmpty() ? 0 : 1;
    }
}
