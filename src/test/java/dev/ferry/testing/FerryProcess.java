package dev.ferry.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the built jar as a child JVM, as an operator would; for crash and end-to-end tests. */
public final class FerryProcess {
    private FerryProcess() {
    }

    public static Path jar() {
        Path jar = Path.of(System.getProperty("ferry.jar", "target/ferry.jar"));
        if (!Files.exists(jar)) throw new IllegalStateException(jar + " not built; run mvn package first");
        return jar;
    }

    public static ProcessBuilder command(List<String> jvmFlags, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags);
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    /** Runs to completion; returns exit code and combined output. */
    public static Result run(String... args) throws IOException, InterruptedException {
        return run(java.util.Map.of(), args);
    }

    /** {@link #run(String...)} with {@code env} added to the child's environment (credentials, say). */
    public static Result run(java.util.Map<String, String> env, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = command(List.of(), args).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("ferry " + String.join(" ", args) + " did not finish");
        }
        return new Result(p.exitValue(), out);
    }

    public record Result(int exitCode, String output) {
    }

    /** A `ferry serve` child on a free loopback port. */
    public static final class Server implements AutoCloseable {
        private static final Pattern LISTENING = Pattern.compile("on http://[^:]+:(\\d+)/");
        private final Process process;
        private final int port;

        public Server(Path store) throws IOException {
            process = command(List.of(), "serve", "--store", store.toString(), "--host", "127.0.0.1", "--port", "0")
                    .redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            for (String line; (line = out.readLine()) != null; ) {
                seen.append(line).append('\n');
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                    Thread drain = new Thread(() -> {
                        try {
                            out.transferTo(java.io.Writer.nullWriter());
                        } catch (IOException ignored) {
                            // process ended
                        }
                    });
                    drain.setDaemon(true);
                    drain.start();
                    return;
                }
            }
            throw new IOException("ferry serve exited before listening:\n" + seen);
        }

        public int port() {
            return port;
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly();
        }
    }
}
