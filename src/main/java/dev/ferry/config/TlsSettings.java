package dev.ferry.config;

import java.time.Duration;

/**
 * The HTTPS listener. It exists when {@code cert} and {@code key} are set; the files are re-read
 * when they change, so a renewed certificate is served without a restart.
 *
 * @param cert           PEM file: the server certificate first, then any intermediates
 * @param key            PEM file with the private key, PKCS#8 ({@code BEGIN PRIVATE KEY})
 * @param host           address of the HTTPS listener; empty = {@code server.host}
 * @param port           port of the HTTPS listener (0 = any free port)
 * @param minVersion     oldest protocol accepted: TLSv1.2 or TLSv1.3
 * @param reloadInterval how often the files are checked for changes
 * @param clientCa       PEM file of CAs whose client certificates the HTTPS listener accepts
 *                       (mutual TLS, see {@code admin.clientCertificate}); empty = none asked for
 */
public record TlsSettings(String cert, String key, String host, int port, String minVersion,
                          Duration reloadInterval, String clientCa) {
    public static final String TLS_1_2 = "TLSv1.2";
    public static final String TLS_1_3 = "TLSv1.3";

    public static TlsSettings defaults() {
        return new TlsSettings("", "", "", 8443, TLS_1_2, Duration.ofSeconds(10), "");
    }

    public boolean enabled() {
        return !cert.isBlank();
    }

    public boolean clientCaSet() {
        return !clientCa.isBlank();
    }

    void validate() {
        if (cert == null || key == null || host == null || clientCa == null || minVersion == null) {
            throw new ConfigException("tls settings must not be null (use \"\" for none)");
        }
        if (cert.isBlank() != key.isBlank()) throw new ConfigException("tls.cert and tls.key must be set together");
        if (port < 0 || port > 65535) throw new ConfigException("tls.port must be between 0 and 65535");
        if (!TLS_1_2.equals(minVersion) && !TLS_1_3.equals(minVersion)) {
            throw new ConfigException("tls.minVersion must be TLSv1.2 or TLSv1.3, not '" + minVersion + "'");
        }
        Durations.requirePositive("tls.reloadInterval", reloadInterval);
        if (clientCaSet() && !enabled()) throw new ConfigException("tls.clientCa needs tls.cert and tls.key");
    }
}
