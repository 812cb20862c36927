package dev.ferry.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "bundle", mixinStandardHelpOptions = true,
        description = "Make, inspect and verify signed bundles (the USB transport across the air gap).",
        subcommands = {BundleCreateCommand.class, BundlePlanCommand.class, BundleInspectCommand.class, BundleVerifyCommand.class, CommandLine.HelpCommand.class})
final class BundleCommand {
}
