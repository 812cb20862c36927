package dev.ferry.cli;

import dev.ferry.admin.TokenFile;
import dev.ferry.admin.TokenRecord;
import dev.ferry.admin.TokenScope;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

@Command(name = "add", mixinStandardHelpOptions = true,
        description = "Create a token with the given scopes and print it once on stdout (only its hash is kept).")
final class TokensAddCommand implements Callable<Integer> {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    @Mixin
    TokenFileOptions fileOptions;

    @Parameters(index = "0", paramLabel = "NAME", description = "Who or what uses the token (shown in the audit journal).")
    String name;

    @Option(names = "--scope", required = true, split = ",", paramLabel = "SCOPE",
            description = "read, import, rollback (repeatable or comma-separated).")
    List<String> scopes;

    @Override
    public Integer call() throws Exception {
        if (!NAME.matcher(name).matches()) throw new IllegalArgumentException("token name must match " + NAME.pattern());
        Set<TokenScope> parsed = EnumSet.noneOf(TokenScope.class);
        scopes.forEach(s -> parsed.add(TokenScope.parse(s)));
        Path file = fileOptions.resolve();
        List<TokenRecord> tokens = new ArrayList<>(TokenFile.read(file));
        if (tokens.stream().anyMatch(t -> t.name().equals(name))) {
            throw new IllegalArgumentException("a token named '" + name + "' exists; revoke it first");
        }
        String token = TokenFile.newToken();
        tokens.add(new TokenRecord(name, TokenFile.hashHex(token), parsed, Instant.now()));
        TokenFile.write(file, tokens);
        Text.line(token);
        Text.err("added token '" + name + "' to " + file + "; it is shown only now");
        return 0;
    }
}
