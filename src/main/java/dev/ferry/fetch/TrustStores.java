package dev.ferry.fetch;

import dev.ferry.tls.Pem;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** The TLS context of downloads: the system trust store plus the CAs of {@code --cacert}, either one sufficing. */
final class TrustStores {
    private TrustStores() {
    }

    static SSLContext context(Path cacert) throws IOException {
        try {
            if (cacert == null) return SSLContext.getDefault();
            List<X509Certificate> cas = new ArrayList<>(systemCas());
            cas.addAll(Pem.certificates(Files.readString(cacert, StandardCharsets.US_ASCII), cacert.toString()));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            for (int i = 0; i < cas.size(); i++) ks.setCertificateEntry("ca" + i, cas.get(i));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS trust" + (cacert == null ? "" : " with " + cacert) + ": " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> systemCas() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        List<X509Certificate> out = new ArrayList<>();
        for (var tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) out.addAll(List.of(x.getAcceptedIssuers()));
        }
        return out;
    }
}
