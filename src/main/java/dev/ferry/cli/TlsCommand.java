package dev.ferry.cli;

import picocli.CommandLine.Command;

@Command(name = "tls", mixinStandardHelpOptions = true,
        description = "Local PKI for the gap: a CA and a server certificate for `ferry serve`, renewals from the same CA.",
        subcommands = {TlsInitCommand.class, TlsRenewCommand.class})
final class TlsCommand {
}
