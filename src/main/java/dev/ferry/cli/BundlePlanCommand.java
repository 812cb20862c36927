package dev.ferry.cli;

import dev.ferry.spec.Fetchers;
import dev.ferry.spec.Plan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Resolve every reference of a spec and print what 'bundle create --spec' would fetch: upstream, digest, "
                + "size, where it is published, and what the base already holds. Downloads no payload.")
final class BundlePlanCommand implements Callable<Integer> {
    @Mixin
    SpecFlags spec;

    @Option(names = "--base", paramLabel = "INVENTORY|STORE",
            description = "An inventory written by 'ferry inventory export' inside the gap (or a store whose catalog is the "
                    + "target's, a file-system store; for one in a bucket, export its inventory): plan only what it lacks, plus the "
                    + "drivers and images its clients wanted.")
    Path base;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    OutputFormat output;

    @Override
    public Integer call() throws Exception {
        if (spec.spec == null) throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--spec is required");
        Plan plan = spec.run(base).plan(Fetchers.open(spec.fetchSettings(8)));
        if (output == OutputFormat.json) PlanPrinter.json(plan);
        else PlanPrinter.text(plan);
        return 0;
    }
}
