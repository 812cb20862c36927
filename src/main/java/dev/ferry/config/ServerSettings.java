package dev.ferry.config;

import java.time.Duration;

/**
 * @param host        address to listen on
 * @param port        port of the plain-HTTP listener (0 = any free port)
 * @param http        whether the plain-HTTP listener runs; false serves HTTPS only (see {@link TlsSettings})
 * @param idleTimeout a connection with no traffic for this long is closed; there is no total request timeout
 */
public record ServerSettings(String host, int port, boolean http, Duration idleTimeout) {

    public static ServerSettings defaults() {
        return new ServerSettings("0.0.0.0", 8080, true, Duration.ofSeconds(120));
    }

    void validate() {
        if (host == null || host.isBlank()) throw new ConfigException("server.host must not be empty");
        if (port < 0 || port > 65535) throw new ConfigException("server.port must be between 0 and 65535");
        Durations.requirePositive("server.idleTimeout", idleTimeout);
    }
}
