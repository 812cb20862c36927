package dev.ferry.cli;

import dev.ferry.admin.TokenFile;
import dev.ferry.admin.TokenRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Remove a token; a server reading this file refuses it from its next admin request on.")
final class TokensRevokeCommand implements Callable<Integer> {
    @Mixin
    TokenFileOptions fileOptions;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() throws Exception {
        Path file = fileOptions.resolve();
        List<TokenRecord> tokens = TokenFile.read(file);
        List<TokenRecord> kept = tokens.stream().filter(t -> !t.name().equals(name)).toList();
        if (kept.size() == tokens.size()) throw new IllegalArgumentException("no token named '" + name + "' in " + file);
        TokenFile.write(file, kept);
        Text.line("revoked token '" + name + "'");
        return 0;
    }
}
