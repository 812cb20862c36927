package dev.ferry.cli;

import dev.ferry.config.FerryConfig;
import dev.ferry.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "gc", mixinStandardHelpOptions = true,
        description = "Delete generations beyond the newest N (the current one always stays) and every blob no kept generation references.")
final class GcCommand implements Callable<Integer> {
    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--keep", paramLabel = "N", description = "Generations to keep (config store.keepGenerations; default 5).")
    Integer keep;

    @Override
    public Integer call() throws Exception {
        FerryConfig config = storeOptions.load();
        Store store = storeOptions.open(config);
        Store.GcReport r = store.gc(keep != null ? keep : config.store().keepGenerations());
        Text.linef("kept generations %s; deleted %d generations and %d blobs (%s)", r.keptGenerations(),
                r.deletedGenerations().size(), r.deletedBlobs(), Sizes.bytes(r.freedBytes()));
        if (r.leftBlobs() > 0) {
            Text.linef("left %d unreferenced blobs younger than store.s3.gcGrace for a later gc (a download may still read them)",
                    r.leftBlobs());
        }
        return 0;
    }
}
