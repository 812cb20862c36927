package dev.ferry.cli;

import dev.ferry.store.Generation;
import dev.ferry.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.OptionalLong;
import java.util.concurrent.Callable;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Serve an earlier generation again: the previous one, or --to N. Running servers follow within seconds.")
final class RollbackCommand implements Callable<Integer> {
    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--to", paramLabel = "N", description = "Generation to make current (default: the one before the current).")
    Long to;

    @Override
    public Integer call() throws Exception {
        Store store = storeOptions.open(storeOptions.load());
        long from = store.current().number();
        Generation now = store.rollback(to == null ? OptionalLong.empty() : OptionalLong.of(to));
        Text.linef("rolled back from generation %d to %d (%d paths)", from, now.number(), now.files().size());
        return 0;
    }
}
