package dev.ferry.cli;

import picocli.CommandLine.Command;

@Command(name = "tokens", mixinStandardHelpOptions = true,
        description = "Admin API tokens: only their SHA-256 is stored, in the file admin.tokens names (or --file).",
        subcommands = {TokensAddCommand.class, TokensListCommand.class, TokensRevokeCommand.class})
final class TokensCommand {
}
