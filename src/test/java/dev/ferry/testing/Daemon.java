package dev.ferry.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real server binary run by a test on loopback: started in the background, awaited on its port, stopped by PID. */
public final class Daemon implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private Daemon(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** True when {@code binary} is on the PATH (or an absolute path that exists). */
    public static boolean installed(String binary) {
        if (binary.startsWith("/")) return Files.isExecutable(Path.of(binary));
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/sbin").split(":")) {
            if (Files.isExecutable(Path.of(dir, binary))) return true;
        }
        return Files.isExecutable(Path.of("/usr/sbin", binary));
    }

    /** Starts {@code command} with its output in {@code log} and waits until it accepts connections on {@code port}. */
    public static Daemon start(String name, List<String> command, Path log, int port) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Daemon d = new Daemon(name, p, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException(name + " exited with " + p.exitValue() + ": " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return d;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        d.close();
        throw new IOException(name + " did not listen on " + port + " within 30 s: " + Files.readString(log));
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** SIGTERM to this PID, SIGKILL if it lingers. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ")";
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * A fresh directory readable by servers that drop privileges (nginx workers, squid as {@code proxy}): mode 755
     * on it and on its temp-dir parents, which {@code mktemp -d} and JUnit create as 700.
     */
    public static Path openDir(Path tempRoot, String name) throws IOException {
        Path dir = Files.createDirectories(tempRoot.resolve(name));
        for (Path p = dir; p != null && p.startsWith(tempRoot.getParent()) && !p.equals(tempRoot.getParent()); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return dir;
    }
}
