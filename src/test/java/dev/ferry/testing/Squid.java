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
        return start(dir, null, null);
    }

    /** As {@link #start(Path)}, but only {@code user} with {@code password} may use the proxy (HTTP Basic). */
    public static Daemon start(Path dir, String user, String password) throws IOException, InterruptedException {
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
                access(dir, user, password),
                ""));
        Files.writeString(dir.resolve("port"), Integer.toString(port));
        return Daemon.start(BINARY, List.of(BINARY, "-N", "-f", conf.toString()), dir.resolve("squid.out"), port);
    }

    private static String access(Path dir, String user, String password) throws IOException {
        if (user == null) return "http_access allow all"; // it listens on loopback only
        Path passwd = dir.resolve("passwd");
        Files.writeString(passwd, user + ":" + apr1(password) + "\n");
        return String.join("\n",
                "auth_param basic program /usr/lib/squid/basic_ncsa_auth " + passwd,
                "auth_param basic realm ferry-test",
                "acl authed proxy_auth REQUIRED",
                "http_access allow authed",
                "http_access deny all");
    }

    private static String apr1(String password) throws IOException {
        try {
            Process p = new ProcessBuilder("openssl", "passwd", "-apr1", password).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor() != 0) throw new IOException("openssl passwd failed: " + out);
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    public static Path accessLog(Path dir) {
        return dir.resolve("access.log");
    }

    public static int port(Path dir) throws IOException {
        return Integer.parseInt(Files.readString(dir.resolve("port")).trim());
    }
}
