package dev.ferry.store.s3;

import software.amazon.awssdk.http.TlsTrustManagersProvider;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;

/** Trust for the endpoint's TLS: the JVM's CAs plus those of a PEM file (an in-house CA for Ceph or MinIO). */
final class EndpointTrust {
    private EndpointTrust() {
    }

    static TlsTrustManagersProvider withCaFile(Path pem) throws IOException {
        TrustManager either = trustManagerWithCaFile(pem);
        return () -> new TrustManager[]{either};
    }

    /** The same trust as one trust manager, for an HTTP client other than the SDK's. */
    static X509TrustManager trustManagerWithCaFile(Path pem) throws IOException {
        X509TrustManager extra = trustManager(load(pem));
        X509TrustManager system;
        try {
            system = trustManager(null);
        } catch (IOException e) {
            throw new IOException("cannot read the JVM's trusted CAs: " + e.getMessage(), e);
        }
        return new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("client certificates are not checked here");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                try {
                    extra.checkServerTrusted(chain, authType);
                } catch (CertificateException notOurs) {
                    system.checkServerTrusted(chain, authType);
                }
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return extra.getAcceptedIssuers();
            }
        };
    }

    private static KeyStore load(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) throw new IOException("store.s3.caFile " + pem + " holds no PEM certificate");
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : certs) store.setCertificateEntry("ca-" + i++, c);
            return store;
        } catch (GeneralSecurityException e) {
            throw new IOException("store.s3.caFile " + pem + " is not a PEM CA bundle: " + e.getMessage(), e);
        }
    }

    private static X509TrustManager trustManager(KeyStore store) throws IOException {
        try {
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init(store);
            for (TrustManager tm : f.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) return x;
            }
            throw new IOException("no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
