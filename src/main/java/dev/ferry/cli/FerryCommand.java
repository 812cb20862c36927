package dev.ferry.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ferry} command: one subcommand per file in this package. */
@Command(name = "ferry", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Offline artifact server for air-gapped Kubernetes: import verified content, serve it to in-cluster clients.",
        subcommands = {
                InitCommand.class,
                ServeCommand.class,
                ImportCommand.class,
                StatusCommand.class,
                VerifyCommand.class,
                RepairCommand.class,
                RollbackCommand.class,
                GcCommand.class,
                TlsCommand.class,
                MirrorCommand.class,
                WantedCommand.class,
                InventoryCommand.class,
                TokensCommand.class,
                BundleCommand.class,
                KeysCommand.class,
                CommandLine.HelpCommand.class})
public final class FerryCommand {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new FerryCommand());
        cl.setExecutionExceptionHandler(new ErrorReporter());
        return cl;
    }
}
