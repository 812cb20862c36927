package dev.ferry.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Bundle-signing keys: generate one, list the trusted ones.",
        subcommands = {KeysGenerateCommand.class, KeysListCommand.class, CommandLine.HelpCommand.class})
final class KeysCommand {
}
