package dev.ferry.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback TCP proxy in front of an HTTP server that changes no byte (so signed and presigned
 * requests stay valid) and records, per connection, the request lines it carried and whether it
 * is still open. It can also cut a connection a given number of response bytes into a request
 * whose path contains a marker (an upstream that dies mid-body), and close connections as a store
 * does with its idle ones.
 */
public final class TcpTap implements AutoCloseable {
    private static final Pattern REQUEST_LINE = Pattern.compile("(GET|HEAD|PUT|POST|DELETE) (\\S+) HTTP/1\\.1\r\n");

    /** One client connection through the tap. */
    public static final class Connection {
        private final List<String> requests = new CopyOnWriteArrayList<>();
        private volatile boolean closed;
        private volatile long responseBytes;
        private volatile String path = "";
        private Socket client;
        private Socket upstream;

        public List<String> requests() {
            return List.copyOf(requests);
        }

        public boolean closed() {
            return closed;
        }

        /** Bytes of the response to the latest request passed on so far, head included. */
        public long responseBytes() {
            return responseBytes;
        }
    }

    private final ServerSocket server;
    private final int targetPort;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private volatile String cutMarker;
    private volatile long cutAfter = -1;
    private volatile boolean dropNextKeptRequest;
    private volatile boolean timeOutNextKeptRequest;

    public TcpTap(int targetPort) throws IOException {
        this.targetPort = targetPort;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "tcp-tap-accept");
        accept.setDaemon(true);
        accept.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** From now on, a response to a request whose path contains {@code marker} is cut after {@code bytes} bytes (head included). */
    public void cutResponses(String marker, long bytes) {
        cutMarker = marker;
        cutAfter = bytes;
    }

    /** Back to passing everything on. */
    public void reset() {
        cutResponses(null, -1);
        dropNextKeptRequest = false;
        timeOutNextKeptRequest = false;
    }

    /** Closes every open connection, as a store does with its idle keep-alive connections. */
    public void dropConnections() {
        connections.stream().filter(c -> !c.closed).forEach(c -> close(c, c.client, c.upstream));
    }

    /**
     * The next request that comes on a connection which has carried one before is not passed on:
     * the connection is closed instead, as when a store closes an idle connection just as it is used.
     */
    public void dropNextRequestOnAKeptConnection() {
        dropNextKeptRequest = true;
    }

    /**
     * The next request that comes on a connection which has carried one before is not passed on:
     * it is answered 408 Request Timeout and the connection closed, as a store does that sends a
     * 408 on an idle connection it times out just as the connection is used again.
     */
    public void timeOutNextRequestOnAKeptConnection() {
        timeOutNextKeptRequest = true;
    }

    public List<Connection> connections() {
        return List.copyOf(connections);
    }

    /** Every request line ("GET /path") carried so far whose path contains {@code marker}, oldest first (per connection order). */
    public List<String> requests(String marker) {
        return connections.stream().flatMap(c -> c.requests.stream()).filter(r -> r.contains(marker)).toList();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                Connection c = new Connection();
                c.client = client;
                c.upstream = upstream;
                connections.add(c);
                start(() -> pumpRequests(client, upstream, c));
                start(() -> pumpResponses(upstream, client, c));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void start(Runnable r) {
        Thread t = new Thread(r, "tcp-tap-pump");
        t.setDaemon(true);
        t.start();
    }

    private void pumpRequests(Socket client, Socket upstream, Connection c) {
        try (InputStream in = client.getInputStream(); OutputStream out = upstream.getOutputStream()) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) >= 0; ) {
                Matcher m = REQUEST_LINE.matcher(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                while (m.find()) {
                    if (dropNextKeptRequest && !c.requests.isEmpty()) {
                        dropNextKeptRequest = false;
                        return;
                    }
                    if (timeOutNextKeptRequest && !c.requests.isEmpty()) {
                        timeOutNextKeptRequest = false;
                        client.getOutputStream().write(("HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\n"
                                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        return;
                    }
                    c.requests.add(m.group(1) + " " + m.group(2));
                    c.path = m.group(2);
                    c.responseBytes = 0;
                }
                out.write(buf, 0, n);
            }
        } catch (IOException ignored) {
            // either side went away
        } finally {
            close(c, client, upstream);
        }
    }

    private void pumpResponses(Socket upstream, Socket client, Connection c) {
        try (InputStream in = upstream.getInputStream(); OutputStream out = client.getOutputStream()) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) >= 0; ) {
                String marker = cutMarker;
                long limit = cutAfter;
                if (limit >= 0 && marker != null && c.path.contains(marker) && c.responseBytes + n >= limit) {
                    out.write(buf, 0, (int) (limit - c.responseBytes));
                    out.flush();
                    return;
                }
                c.responseBytes += n;
                out.write(buf, 0, n);
            }
        } catch (IOException ignored) {
            // either side went away
        } finally {
            close(c, client, upstream);
        }
    }

    private static void close(Connection c, Socket a, Socket b) {
        c.closed = true;
        try {
            a.close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            b.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
