package dev.ferry.fetch;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/** An in-process HTTP upstream whose every answer the test scripts, recording what it was asked. */
final class FakeUpstream implements AutoCloseable {
    interface Handler {
        void handle(HttpExchange ex, int requestNumber) throws IOException;
    }

    record Seen(String method, String path, Headers headers) {
    }

    final List<Seen> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    FakeUpstream(Handler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", ex -> {
            requests.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestHeaders()));
            try {
                handler.handle(ex, requests.size());
            } catch (IOException | RuntimeException e) {
                // a deliberately cut answer ends here
            } finally {
                ex.close();
            }
        });
        server.start();
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    int count() {
        return requests.size();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    /** The full body with an ETag and Range support: 206 for {@code Range: bytes=N-}. */
    static void serve(HttpExchange ex, byte[] body, String etag) throws IOException {
        ex.getResponseHeaders().set("ETag", etag);
        String range = ex.getRequestHeaders().getFirst("Range");
        String ifRange = ex.getRequestHeaders().getFirst("If-Range");
        if (range != null && (ifRange == null || ifRange.equals(etag))) {
            int from = Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
            if (from >= body.length) {
                ex.sendResponseHeaders(416, -1);
                return;
            }
            ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
            ex.sendResponseHeaders(206, body.length - from);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body, from, body.length - from);
            }
            return;
        }
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
        }
    }

    /** Announces the whole body, sends {@code n} bytes of it, then drops the connection. */
    static void cut(HttpExchange ex, byte[] body, String etag, int n) throws IOException {
        ex.getResponseHeaders().set("ETag", etag);
        ex.sendResponseHeaders(200, body.length);
        OutputStream o = ex.getResponseBody();
        o.write(body, 0, n);
        o.flush();
        throw new IOException("cut"); // FakeUpstream closes the exchange short, which closes the connection
    }
}
