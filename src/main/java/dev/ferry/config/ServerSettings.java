package dev.ferry.config;

import java.time.Duration;

/**
 * @param host        address to listen on
 * @param port        port of the plain-HTTP listener (0 = any free port)
 * @param http        whether the plain-HTTP listener runs; false serves HTTPS only (see {@link TlsSettings})
 * @param idleTimeout a connection with no traffic for this long is closed; there is no total request timeout
 * @param publicUrl   how clients reach this server ({@code [http[s]://]host[:port]}), written into what Ferry
 *                    serves that must name it (falcoctl indexes); empty = the Host header of each request
 */
public record ServerSettings(String host, int port, boolean http, Duration idleTimeout, String publicUrl) {
    private static final java.util.regex.Pattern SCHEME = java.util.regex.Pattern.compile("^(?i)https?://");

    public ServerSettings {
        publicUrl = publicUrl == null ? "" : publicUrl.trim();
    }

    public static ServerSettings defaults() {
        return new ServerSettings("0.0.0.0", 8080, true, Duration.ofSeconds(120), "");
    }

    /** {@code host[:port]} of {@link #publicUrl()} (scheme and trailing slash dropped), or "" when it is not set. */
    public String publicAuthority() {
        String s = SCHEME.matcher(publicUrl).replaceFirst("");
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    void validate() {
        if (host == null || host.isBlank()) throw new ConfigException("server.host must not be empty");
        if (port < 0 || port > 65535) throw new ConfigException("server.port must be between 0 and 65535");
        Durations.requirePositive("server.idleTimeout", idleTimeout);
        if (!publicUrl.isEmpty() && !dev.ferry.falco.FalcoIndex.isRegistry(publicAuthority())) {
            throw new ConfigException("server.publicUrl '" + publicUrl + "' is not [http[s]://]host[:port] (no path)");
        }
    }
}
