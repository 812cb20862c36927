package dev.ferry.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A loopback HTTP gateway in front of an S3 server that drops one request header, as some
 * gateways and old S3 look-alikes do with {@code If-None-Match}: a server that silently
 * overwrites on a conditional PUT.
 */
public final class HeaderDroppingGateway implements AutoCloseable {
    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "transfer-encoding", "expect");

    private final HttpServer server;

    public HeaderDroppingGateway(URI target, String dropped) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> forward(exchange, target, dropped.toLowerCase(Locale.ROOT)));
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Forwards one exchange to {@code target} without the header {@code dropped} (lower case; empty: none), and answers it. */
    static void forward(HttpExchange exchange, URI target, String dropped) throws IOException {
        try (exchange) {
            HttpURLConnection c = (HttpURLConnection) target.resolve(exchange.getRequestURI().toString()).toURL().openConnection();
            c.setRequestMethod(exchange.getRequestMethod());
            for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
                String name = h.getKey().toLowerCase(Locale.ROOT);
                if (name.equals(dropped) || NOT_FORWARDED.contains(name)) continue;
                for (String v : h.getValue()) c.addRequestProperty(h.getKey(), v);
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (body.length > 0 || exchange.getRequestMethod().equals("PUT")) {
                c.setDoOutput(true);
                c.setFixedLengthStreamingMode(body.length);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            byte[] answer = in == null ? new byte[0] : in.readAllBytes();
            for (Map.Entry<String, List<String>> h : c.getHeaderFields().entrySet()) {
                if (h.getKey() == null || NOT_FORWARDED.contains(h.getKey().toLowerCase(Locale.ROOT))) continue;
                exchange.getResponseHeaders().put(h.getKey(), h.getValue());
            }
            boolean head = exchange.getRequestMethod().equals("HEAD");
            if (head) {
                exchange.getResponseHeaders().set("Content-Length", String.valueOf(c.getContentLengthLong()));
                exchange.sendResponseHeaders(status, -1);
            } else {
                exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
                exchange.getResponseBody().write(answer);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
