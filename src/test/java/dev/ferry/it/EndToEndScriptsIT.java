package dev.ferry.it;

import dev.ferry.testing.FerryProcess;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every {@code scripts/e2e/*.sh} against the built jar: real clients (curl, skopeo, gpg,
 * promtool, Prometheus, Chromium) talking to a real `ferry serve` on loopback. Each script's
 * output lands in {@code target/e2e-logs/}.
 */
class EndToEndScriptsIT {

    @TestFactory
    Stream<DynamicTest> scripts() throws IOException {
        Path dir = Path.of("scripts/e2e");
        Path logs = Files.createDirectories(Path.of("target/e2e-logs"));
        List<Path> scripts;
        try (Stream<Path> s = Files.list(dir)) {
            scripts = s.filter(p -> p.getFileName().toString().endsWith(".sh")).sorted().toList();
        }
        assertTrue(!scripts.isEmpty(), "no end-to-end scripts found");
        return scripts.stream().map(script -> DynamicTest.dynamicTest(script.getFileName().toString(), () -> {
            Path log = logs.resolve(script.getFileName().toString().replace(".sh", ".log"));
            ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().put("FERRY_JAR", FerryProcess.jar().toAbsolutePath().toString());
            Process p = pb.start();
            if (!p.waitFor(20, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError(script + " timed out; see " + log);
            }
            String output = Files.readString(log);
            assertEquals(0, p.exitValue(), script + " failed; last output:\n"
                    + output.substring(Math.max(0, output.length() - 6000)));
        }));
    }
}
