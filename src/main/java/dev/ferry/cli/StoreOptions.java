package dev.ferry.cli;

import dev.ferry.config.ConfigLoader;
import dev.ferry.config.FerryConfig;
import dev.ferry.store.RetentionPolicy;
import dev.ferry.store.Store;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Options every store-using command shares: where the store is and which config file to read. */
final class StoreOptions {
    @Option(names = "--store", paramLabel = "DIR",
            description = "Store directory (env FERRY_STORE; config store.path; default ./ferry-data).")
    Path store;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config file (env FERRY_CONFIG).")
    Path config;

    /** The effective configuration: defaults, file, environment, then these flags plus {@code overrides}. */
    FerryConfig load(Map<String, String> overrides) {
        Map<String, String> flags = new HashMap<>(overrides);
        if (store != null) flags.put("store.path", store.toString());
        return ConfigLoader.load(configFile(config), System.getenv(), flags);
    }

    /** The config file named by a --config flag, else by FERRY_CONFIG; null for none. */
    static Path configFile(Path flag) {
        if (flag == null && System.getenv("FERRY_CONFIG") != null) return Path.of(System.getenv("FERRY_CONFIG"));
        return flag;
    }

    FerryConfig load() {
        return load(Map.of());
    }

    /** The existing store; a path without one is refused, never created (see {@code ferry init}). */
    Store open(FerryConfig config) throws IOException {
        return open(config, false);
    }

    /** The store, created first when {@code create} and the path holds none. */
    Store open(FerryConfig config, boolean create) throws IOException {
        return StoreBackends.open(config.store(), create).retention(new RetentionPolicy(config.store().keepUntagged(), new java.util.HashSet<>(config.store().pinned())));
    }
}
