package dev.ferry.cli;

import dev.ferry.config.FerryConfig;
import dev.ferry.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Create an empty store (the only command besides 'import --create' that creates one).")
final class InitCommand implements Callable<Integer> {
    @Mixin
    StoreOptions storeOptions;

    @Override
    public Integer call() throws Exception {
        FerryConfig config = storeOptions.load();
        Path dir = Path.of(config.store().path());
        boolean existed = Store.exists(dir);
        Store store = Store.create(dir);
        Text.line(existed ? "already a Ferry store: " + store.root() + " (generation " + store.current().number() + ")"
                : "created an empty store at " + store.root());
        return 0;
    }
}
