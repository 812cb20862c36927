package dev.ferry.tls;

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

/** Client TLS contexts trusting the CAs of a PEM file (e.g. the ca.crt of `ferry tls init`), alone or beside the system's. */
public final class TrustedCas {
    private TrustedCas() {
    }

    /** Trusts exactly the CAs in {@code caFile}. */
    public static SSLContext sslContext(Path caFile) throws IOException, GeneralSecurityException {
        return trusting(read(caFile));
    }

    /** Trusts the system's CAs and those in {@code caFile}, either one sufficing. */
    public static SSLContext withSystemCas(Path caFile) throws IOException, GeneralSecurityException {
        List<X509Certificate> cas = new ArrayList<>(systemCas());
        cas.addAll(read(caFile));
        return trusting(cas);
    }

    private static List<X509Certificate> read(Path caFile) throws IOException, GeneralSecurityException {
        return Pem.certificates(Files.readString(caFile, StandardCharsets.US_ASCII), caFile.toString());
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

    private static SSLContext trusting(List<X509Certificate> cas) throws IOException, GeneralSecurityException {
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
