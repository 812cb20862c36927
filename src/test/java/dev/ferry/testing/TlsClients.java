package dev.ferry.testing;


import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

/** TLS client helpers: trust exactly one CA file; speak HTTP/1.1 by hand to control connection reuse. */
public final class TlsClients {
    private TlsClients() {
    }

    public static SSLContext trusting(Path caFile) throws Exception {
        return dev.ferry.tls.TrustedCas.sslContext(caFile);
    }

    public static SSLSocket connect(SSLContext ctx, int port) throws IOException {
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        s.startHandshake();
        return s;
    }

    public static X509Certificate serverCertificate(SSLSocket s) throws IOException {
        return (X509Certificate) s.getSession().getPeerCertificates()[0];
    }

    /** Sends one keep-alive GET and reads exactly one response; returns "status body". */
    public static String get(Socket s, String path) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return readResponse(s.getInputStream());
    }

    /** Reads one HTTP/1.1 response with a Content-Length body; "status body". */
    public static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) throw new IOException("connection closed");
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
        int length = 0;
        for (String l : lines) {
            if (l.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(l.substring(15).trim());
        }
        byte[] body = in.readNBytes(length);
        return lines[0].split(" ")[1] + " " + new String(body, StandardCharsets.UTF_8);
    }
}
