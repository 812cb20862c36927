package dev.ferry.cli;

import dev.ferry.admin.TokenFile;
import dev.ferry.admin.TokenRecord;
import dev.ferry.admin.TokenScope;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "list", mixinStandardHelpOptions = true, description = "Show the tokens' names, scopes and creation times (never the tokens).")
final class TokensListCommand implements Callable<Integer> {
    @Mixin
    TokenFileOptions fileOptions;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    OutputFormat output;

    @Override
    public Integer call() throws Exception {
        List<TokenRecord> tokens = TokenFile.read(fileOptions.resolve());
        if (output == OutputFormat.json) {
            System.out.println(OutputFormat.toJson(Map.of("tokens", tokens.stream().map(t -> Map.of("name", t.name(),
                    "scopes", scopes(t), "created", t.created().toString())).toList())));
            return 0;
        }
        for (TokenRecord t : tokens) Text.linef("%-24s %-24s %s", t.name(), scopes(t), t.created());
        return 0;
    }

    private static String scopes(TokenRecord t) {
        return t.scopes().stream().sorted().map(TokenScope::label).collect(Collectors.joining(","));
    }
}
