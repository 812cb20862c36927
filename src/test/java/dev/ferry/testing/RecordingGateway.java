package dev.ferry.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP gateway in front of an S3 server that forwards every request unchanged and
 * records it with the client port it came from: how many requests a read costs, and whether they
 * share one connection. The server must accept unsigned requests (the Host header changes).
 */
public final class RecordingGateway implements AutoCloseable {
    /** One request as received: its method, its path, and the client's port (one per connection). */
    public record Request(String method, String path, int clientPort) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    public RecordingGateway(URI target) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), exchange.getRemoteAddress().getPort()));
            HeaderDroppingGateway.forward(exchange, target, "");
        });
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The requests received since the last call, oldest first. */
    public List<Request> take() {
        List<Request> taken = List.copyOf(requests);
        requests.removeAll(taken);
        return taken;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
