package dev.ferry.cli;

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

    SpecRun run(Path baseInventory) throws IOException {
        return SpecRun.of(spec, lock, locked, strict, baseInventory);
    }
}
