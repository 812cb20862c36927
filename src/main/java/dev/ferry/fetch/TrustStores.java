package dev.ferry.fetch;

import dev.ferry.tls.TrustedCas;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/** The TLS context of downloads: the system trust store plus the CAs of {@code --cacert}, either one sufficing. */
final class TrustStores {
    private TrustStores() {
    }

    static SSLContext context(Path cacert) throws IOException {
        try {
            return cacert == null ? SSLContext.getDefault() : TrustedCas.withSystemCas(cacert);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS trust" + (cacert == null ? "" : " with " + cacert) + ": " + e.getMessage(), e);
        }
    }
}
