package dev.ferry.cli;

import dev.ferry.fetch.FetchSettings;
import dev.ferry.spec.SpecRun;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** {@code --spec} and its lock, shared by {@code bundle plan} and {@code bundle create}. */
final class SpecFlags {
    @Option(names = "--spec", paramLabel = "FILE", description = "A ferry.spec.v1 file naming what to fetch from the upstreams.")
    Path spec;

    @Option(names = "--lock", paramLabel = "FILE", description = "Lock file (default: the spec's path + .lock).")
    Path lock;

    @Option(names = "--locked", description = "Rebuild exactly the locked content; refuse if an upstream or the spec changed.")
    boolean locked;

    @Option(names = "--strict", description = "Fail when a Falco driver is not prebuilt upstream for a kernel (default: report and skip).")
    boolean strict;

    @Option(names = "--cacert", paramLabel = "FILE", description = "Also trust these CA certificates (PEM) for the upstreams.")
    Path cacert;

    @Option(names = "--registry-auth", paramLabel = "FILE",
            description = "Registry credentials, a docker config.json (default: REGISTRY_AUTH_FILE, else the docker config).")
    Path registryAuth;

    @Option(names = "--cache", paramLabel = "DIR", description = "Download cache shared by runs (default: $XDG_CACHE_HOME/ferry or ~/.cache/ferry).")
    Path cache;

    /** Download settings from the environment (proxies) and these flags. */
    FetchSettings fetchSettings(int concurrency) {
        FetchSettings s = FetchSettings.fromEnvironment(dev.ferry.spec.Fetchers.environment(), cacert, registryAuth).withConcurrency(Math.max(1, concurrency));
        return cache == null ? s : s.withCacheDir(cache);
    }

    /** @param base an inventory file or a store directory, or null */
    SpecRun run(Path base) throws IOException {
        return SpecRun.of(spec, lock, locked, strict, base);
    }
}
