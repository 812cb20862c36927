package dev.ferry.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "inventory", mixinStandardHelpOptions = true,
        description = "What this store holds and lacks, as a small file to carry out of the gap for the next (delta) bundle.",
        subcommands = {InventoryExportCommand.class, CommandLine.HelpCommand.class})
final class InventoryCommand {
}
