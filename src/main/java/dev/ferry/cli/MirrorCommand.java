package dev.ferry.cli;

import picocli.CommandLine.Command;

@Command(name = "mirror", mixinStandardHelpOptions = true,
        description = "Ferry as the cluster's registry mirror for docker.io, registry.k8s.io, quay.io, ghcr.io… at once.",
        subcommands = {MirrorConfigCommand.class})
final class MirrorCommand {
}
