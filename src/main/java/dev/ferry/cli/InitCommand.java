package dev.ferry.cli;

import dev.ferry.config.FerryConfig;
import dev.ferry.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Create an empty store (the only command besides 'import --create' that creates one).")
final class InitCommand implements Callable<Integer> {
    @Mixin
    StoreOptions storeOptions;

    @Override
    public Integer call() throws Exception {
        FerryConfig config = storeOptions.load();
        boolean existed = StoreBackends.exists(config.store());
        Store store = storeOptions.open(config, true);
        Text.line(existed ? "already a Ferry store: " + store.location() + " (generation " + store.current().number() + ")"
                : "created an empty store at " + store.location());
        return 0;
    }
}
