package dev.ferry.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a tool the deployment checks rely on; a missing tool fails the test rather than skipping it. */
final class Commands {
    private Commands() {
    }

    record Result(int exitCode, String output) {
    }

    static Result run(List<String> command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(command.get(0) + " is needed for this check and is not installed", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish");
        }
        return new Result(p.exitValue(), out);
    }

    static String ok(List<String> command) throws IOException, InterruptedException {
        Result r = run(command);
        if (r.exitCode() != 0) throw new AssertionError(String.join(" ", command) + " failed:\n" + r.output());
        return r.output();
    }
}
