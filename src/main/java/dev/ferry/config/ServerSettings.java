package dev.ferry.config;

import java.time.Duration;

/**
 * @param host                 address to listen on
 * @param port                 port of the plain-HTTP listener (0 = any free port)
 * @param http                 whether the plain-HTTP listener runs; false serves HTTPS only (see {@link TlsSettings})
 * @param idleTimeout          a connection on which nothing moved for this long is closed (idle keep-alive
 *                             connections too); there is no total request timeout
 * @param publicUrl            how clients reach this server ({@code [http[s]://]host[:port]}), written into what Ferry
 *                             serves that must name it (falcoctl indexes); empty = the Host header of each request
 * @param maxRequestLineLength longest request line accepted (method, target, version); longer gets 414
 * @param maxHeaderSize        most bytes of request headers accepted, all together; more gets 431
 * @param http2                also speak HTTP/2 over cleartext (h2c: prior knowledge or Upgrade)
 * @param maxRanges            most ranges one Range header may ask for; a request with more gets the whole file
 *                             (200), as nginx's max_ranges; 0 turns range requests off
 * @param sendBufferSize       socket send buffer in bytes (nginx's listen sndbuf=); 0 leaves it to the kernel's autotuning
 */
public record ServerSettings(String host, int port, boolean http, Duration idleTimeout, String publicUrl,
                             int maxRequestLineLength, int maxHeaderSize, boolean http2, int maxRanges, int sendBufferSize) {
    private static final java.util.regex.Pattern SCHEME = java.util.regex.Pattern.compile("^(?i)https?://");

    public ServerSettings {
        publicUrl = publicUrl == null ? "" : publicUrl.trim();
    }

    public static ServerSettings defaults() {
        return new ServerSettings("0.0.0.0", 8080, true, Duration.ofSeconds(120), "", 8192, 8192, true, 32, 0);
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
        if (!publicUrl.isEmpty() && !dev.ferry.core.oci.OciNames.isRegistry(publicAuthority())) {
            throw new ConfigException("server.publicUrl '" + publicUrl + "' is not [http[s]://]host[:port] (no path)");
        }
        if (idleTimeout.toMillis() < 1000) throw new ConfigException("server.idleTimeout must be at least 1s");
        // a request line must fit "GET <longest catalog path> HTTP/1.1" so such paths get a clear answer
        if (maxRequestLineLength < 4200) throw new ConfigException("server.maxRequestLineLength must be at least 4200");
        if (maxHeaderSize < 1024) throw new ConfigException("server.maxHeaderSize must be at least 1024");
        if (maxRanges < 0) throw new ConfigException("server.maxRanges must not be negative");
        if (sendBufferSize < 0) throw new ConfigException("server.sendBufferSize must not be negative");
    }
}
