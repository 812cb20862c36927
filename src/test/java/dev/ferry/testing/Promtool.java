package dev.ferry.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's promtool (package prometheus, see scripts/install-test-deps.sh); a missing promtool fails the test. */
public final class Promtool {
    private Promtool() {
    }

    public record Result(int exitCode, String output) {
    }

    /** @param stdin bytes for promtool's standard input, or null */
    public static Result run(byte[] stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("promtool"));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool is not installed; run scripts/install-test-deps.sh", e);
        }
        try (var in = p.getOutputStream()) {
            if (stdin != null) in.write(stdin);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("promtool " + String.join(" ", args) + " did not finish");
        }
        return new Result(p.exitValue(), out);
    }
}
