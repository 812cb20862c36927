package dev.ferry.cli;

import dev.ferry.config.ConfigLoader;
import dev.ferry.config.FerryConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;

/** Which token file a `ferry tokens` command works on: --file, else admin.tokens from the configuration. */
final class TokenFileOptions {
    @Option(names = "--file", paramLabel = "FILE", description = "Token file (default: admin.tokens from the configuration).")
    Path file;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config file (env FERRY_CONFIG).")
    Path config;

    Path resolve() {
        if (file != null) return file;
        Path cfg = config;
        if (cfg == null && System.getenv("FERRY_CONFIG") != null) cfg = Path.of(System.getenv("FERRY_CONFIG"));
        FerryConfig c = ConfigLoader.load(cfg, System.getenv(), Map.of());
        if (!c.admin().enabled()) throw new IllegalArgumentException("no token file: give --file or set admin.tokens");
        return Path.of(c.admin().tokens());
    }
}
