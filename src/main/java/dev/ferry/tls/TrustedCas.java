package dev.ferry.tls;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

/** A client TLS context that trusts exactly the CAs in one PEM file (e.g. the ca.crt of `ferry tls init`). */
public final class TrustedCas {
    private TrustedCas() {
    }

    public static SSLContext sslContext(Path caFile) throws IOException, GeneralSecurityException {
        List<X509Certificate> cas = Pem.certificates(Files.readString(caFile, StandardCharsets.US_ASCII), caFile.toString());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        for (int i = 0; i < cas.size(); i++) ks.setCertificateEntry("ca" + i, cas.get(i));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
