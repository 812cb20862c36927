package dev.ferry.http;

import dev.ferry.config.TlsSettings;
import dev.ferry.tls.TlsMaterial;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.ServerSSLOptions;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * TLS parameters of the HTTPS listener: TLS 1.2 and 1.3 only (or 1.3 only), forward-secret AEAD
 * suites only, HTTP/1.1 only (no ALPN: the file path relies on HTTP/1.1 sendFile).
 */
final class TlsOptions {
    /** TLS 1.3 suites, then the TLS 1.2 ECDHE + AEAD suites (RSA and ECDSA certificates). */
    static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private TlsOptions() {
    }

    static ServerSSLOptions ssl(TlsMaterial material, TlsSettings settings) {
        ServerSSLOptions ssl = new ServerSSLOptions()
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setCertValue(Buffer.buffer(material.certPem()))
                        .setKeyValue(Buffer.buffer(material.keyPem())))
                .setEnabledSecureTransportProtocols(protocols(settings))
                .setUseAlpn(false);
        CIPHER_SUITES.forEach(ssl::addEnabledCipherSuite);
        if (!material.clientCaPem().isEmpty()) {
            // REQUEST, not REQUIRED: file clients have no certificates; the admin routes check for one
            ssl.setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(material.clientCaPem())))
                    .setClientAuth(ClientAuth.REQUEST);
        }
        return ssl;
    }

    /** The same parameters on the listener's options, for the first bind. */
    static HttpServerOptions apply(HttpServerOptions options, ServerSSLOptions ssl) {
        options.setSsl(true)
                .setUseAlpn(false)
                .setKeyCertOptions(ssl.getKeyCertOptions())
                .setEnabledSecureTransportProtocols(ssl.getEnabledSecureTransportProtocols())
                .setClientAuth(ssl.getClientAuth());
        if (ssl.getTrustOptions() != null) options.setTrustOptions(ssl.getTrustOptions());
        ssl.getEnabledCipherSuites().forEach(options::addEnabledCipherSuite);
        return options;
    }

    private static Set<String> protocols(TlsSettings settings) {
        Set<String> protocols = new LinkedHashSet<>();
        if (TlsSettings.TLS_1_2.equals(settings.minVersion())) protocols.add(TlsSettings.TLS_1_2);
        protocols.add(TlsSettings.TLS_1_3);
        return protocols;
    }
}
