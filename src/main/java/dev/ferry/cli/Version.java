package dev.ferry.cli;

import picocli.CommandLine;

/** Reports the version recorded in the jar manifest at build time. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = FerryCommand.class.getPackage().getImplementationVersion();
        return new String[]{"ferry " + (v == null ? "(development build)" : v)};
    }
}
