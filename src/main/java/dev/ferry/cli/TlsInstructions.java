package dev.ferry.cli;

import dev.ferry.tls.PkiDirectory;

import java.io.IOException;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** What to do with the files `ferry tls init` wrote: one paragraph per client that must trust the CA. */
final class TlsInstructions {
    private TlsInstructions() {
    }

    static String names(X509Certificate cert) throws IOException {
        List<String> dns = new ArrayList<>();
        List<InetAddress> ips = new ArrayList<>();
        PkiDirectory.namesOf(cert, dns, ips);
        List<String> all = new ArrayList<>(dns);
        ips.forEach(ip -> all.add(ip.getHostAddress()));
        return String.join(", ", all);
    }

    static String afterInit(PkiDirectory pki, X509Certificate server) throws IOException {
        String ca = pki.file(PkiDirectory.CA_CERT).toString();
        String caKey = pki.file(PkiDirectory.CA_KEY).toString();
        String crt = pki.file(PkiDirectory.SERVER_CERT).toString();
        String key = pki.file(PkiDirectory.SERVER_KEY).toString();
        String ts = pki.file(PkiDirectory.TRUSTSTORE).toString();
        return String.join("\n",
                "wrote " + ca + " (CA certificate: give to clients)",
                "      " + caKey + " (CA key, mode 0600: keep offline; needed only for 'ferry tls renew')",
                "      " + crt + " and " + key + " (server, for " + names(server) + ", until "
                        + server.getNotAfter().toInstant() + ")",
                "      " + ts + " (CA for JVM clients, PKCS#12, password '" + PkiDirectory.TRUSTSTORE_PASSWORD + "')",
                "",
                "Ferry:",
                "  ferry serve --tls-cert " + crt + " --tls-key " + key,
                "  Kubernetes: kubectl -n ferry create secret tls ferry-tls --cert=" + crt + " --key=" + key,
                "",
                "Distribute the CA (namespace of each client):",
                "  kubectl -n NAMESPACE create configmap ferry-ca --from-file=ca.crt=" + ca,
                "  and mount it, e.g. at /etc/ferry-ca/ca.crt.",
                "",
                "Trivy / trivy-operator: trivy --cacert /etc/ferry-ca/ca.crt ... (never --insecure, which also",
                "  disables verification); or SSL_CERT_FILE=/etc/ferry-ca/ca.crt in the scanner's environment.",
                "falcoctl (artifact install/follow, driver loader): it has no CA option for OCI; set",
                "  SSL_CERT_FILE=/etc/ferry-ca/ca.crt in the falcoctl containers' environment (Go reads it).",
                "OpenSearch (opensearch-plugin install https://...): mount " + PkiDirectory.TRUSTSTORE + " and set",
                "  OPENSEARCH_JAVA_OPTS=\"-Djavax.net.ssl.trustStore=/etc/ferry-ca/" + PkiDirectory.TRUSTSTORE
                        + " -Djavax.net.ssl.trustStorePassword=" + PkiDirectory.TRUSTSTORE_PASSWORD + "\"",
                "  kubectl -n NAMESPACE create configmap ferry-ca-jks --from-file=" + PkiDirectory.TRUSTSTORE + "=" + ts,
                "skopeo / podman / containerd hosts: copy ONLY ca.crt into /etc/containers/certs.d/HOST:PORT/",
                "  (or a directory for skopeo --cert-dir); a *.key there without a matching *.cert is an error.",
                "curl: curl --cacert " + ca + " https://HOST:PORT/...",
                "",
                "Renew the server certificate before it expires: ferry tls renew --dir " + pki.file(".").normalize(),
                "");
    }
}
