package dev.ferry.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Debian's squid as a forward proxy on loopback. Tunnels idle for a second are closed, because squid writes the
 * {@code TCP_TUNNEL/200 CONNECT host:port} access-log line only when a tunnel ends.
 */
public final class Squid {
    public static final String BINARY = "squid";

    private Squid() {
    }

    /** Starts squid with its state in {@code dir} (opened up: squid runs as user proxy when started by root). */
    public static Daemon start(Path dir) throws IOException, InterruptedException {
        int port = Daemon.freePort();
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path conf = dir.resolve("squid.conf");
        Files.writeString(conf, String.join("\n",
                "http_port 127.0.0.1:" + port,
                "pid_filename " + dir.resolve("squid.pid"),
                "access_log stdio:" + accessLog(dir),
                "cache_log " + dir.resolve("cache.log"),
                "cache_store_log none",
                "coredump_dir " + dir,
                "netdb_filename none",
                "logfile_rotate 0",
                "pinger_enable off",
                "shutdown_lifetime 0 seconds",
                "read_timeout 1 second",
                "cache deny all",
                "http_access allow all", // it listens on loopback only
                ""));
        Files.writeString(dir.resolve("port"), Integer.toString(port));
        return Daemon.start(BINARY, List.of(BINARY, "-N", "-f", conf.toString()), dir.resolve("squid.out"), port);
    }

    public static Path accessLog(Path dir) {
        return dir.resolve("access.log");
    }

    public static int port(Path dir) throws IOException {
        return Integer.parseInt(Files.readString(dir.resolve("port")).trim());
    }
}
