package dev.ferry.cli;

import dev.ferry.pgp.TrustedKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "list", mixinStandardHelpOptions = true, description = "List the keys of a trust directory and whether each may sign now.")
final class KeysListCommand implements Callable<Integer> {
    @Option(names = "--trust", required = true, paramLabel = "DIR", description = "Trust directory.")
    Path trust;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    OutputFormat output;

    @Override
    public Integer call() throws Exception {
        List<TrustedKeys.KeyInfo> keys = TrustedKeys.load(trust).describe(Instant.now());
        if (output == OutputFormat.json) {
            System.out.println(OutputFormat.toJson(keys.stream().map(k -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("fingerprint", k.fingerprint());
                m.put("algorithm", k.algorithm());
                m.put("created", k.created());
                m.put("expires", k.expires());
                m.put("status", k.status());
                m.put("userIds", k.userIds());
                m.put("file", k.file().toString());
                return m;
            }).toList()));
            return 0;
        }
        if (keys.isEmpty()) Text.line("no keys in " + trust);
        for (TrustedKeys.KeyInfo k : keys) {
            Text.linef("%s  %-8s %-11s created %s%s  %s  (%s)", k.fingerprint(), k.algorithm(), k.status(),
                    k.created(), k.expires() == null ? "" : ", expires " + k.expires(), String.join("; ", k.userIds()),
                    k.file().getFileName());
        }
        return 0;
    }
}
