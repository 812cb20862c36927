package dev.ferry.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's nginx serving a file tree over TLS on loopback, as download.falco.org or artifacts.opensearch.org do.
 * {@code /slow/} is the same tree at 256 KiB/s and {@code /throttled/} at 4 MiB/s (for payloads of tens of MB), so a
 * test can interrupt a download. The access log records status, bytes sent and the Range asked for.
 */
public final class Nginx {
    public static final String BINARY = "nginx";

    private Nginx() {
    }

    /** Starts nginx with its state in {@code dir} serving {@code root} (which must be world-readable). */
    public static Daemon start(Path dir, TestPki pki, Path root) throws IOException, InterruptedException {
        int port = Daemon.freePort();
        Files.createDirectories(dir);
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, String.join("\n",
                "daemon off;",
                "user root;", // ignored with a warning when not run as root; then the tree must be world-readable
                "worker_processes 1;",
                "pid " + dir.resolve("nginx.pid") + ";",
                "error_log " + dir.resolve("error.log") + ";",
                "events { worker_connections 64; }",
                "http {",
                "  log_format ranges '$request_method $uri $status $body_bytes_sent range=\"$http_range\"';",
                "  access_log " + dir.resolve("access.log") + " ranges;",
                "  client_body_temp_path " + dir.resolve("body") + ";",
                "  proxy_temp_path " + dir.resolve("proxy") + ";",
                "  fastcgi_temp_path " + dir.resolve("fastcgi") + ";",
                "  uwsgi_temp_path " + dir.resolve("uwsgi") + ";",
                "  scgi_temp_path " + dir.resolve("scgi") + ";",
                "  server {",
                "    listen 127.0.0.1:" + port + " ssl;",
                "    ssl_certificate " + pki.certFile() + ";",
                "    ssl_certificate_key " + pki.keyFile() + ";",
                "    root " + root + ";",
                "    location /slow/ { alias " + root + "/; limit_rate 256k; }",
                "    location /throttled/ { alias " + root + "/; limit_rate 4m; }",
                "  }",
                "}",
                ""));
        return Daemon.start(BINARY, List.of(BINARY, "-e", dir.resolve("error.log").toString(), "-p", dir.toString(),
                "-c", conf.toString()), dir.resolve("nginx.out"), port);
    }

    /** The port a started nginx listens on, read back from its configuration. */
    public static int port(Path dir) throws IOException {
        for (String line : Files.readAllLines(dir.resolve("nginx.conf"))) {
            String t = line.trim();
            if (t.startsWith("listen 127.0.0.1:")) return Integer.parseInt(t.substring(17, t.indexOf(' ', 17)));
        }
        throw new IOException("no listen line in " + dir.resolve("nginx.conf"));
    }
}
