package dev.ferry.http;

import dev.ferry.store.JournalEntry;
import dev.ferry.testing.Trees;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Abuse of the admin API and the listener: none of it may change the store or stop the server. */
class AdminHardeningTest {
    private static final long IDLE_SECONDS = 1;

    @TempDir
    Path tmp;
    AdminFixture f;
    Map<String, byte[]> before;

    @BeforeEach
    void setUp() throws IOException {
        f = new AdminFixture(tmp);
        f.start(new RawUploads(f.store, 0), "server.idleTimeout", IDLE_SECONDS + "s");
        before = Trees.snapshot(f.store.root());
    }

    @AfterEach
    void tearDown() throws Exception {
        assertEquals(200, f.get("/healthz", null).statusCode(), "the server still answers");
        f.assertUnchanged(before);
        assertEquals(2, f.store.current().number());
        f.close();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", f.server.port());
        s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(IDLE_SECONDS * 10));
        return s;
    }

    /** Blocks until the server closes the connection; returns the seconds that took. */
    private static double awaitClosedByServer(Socket s) throws IOException {
        long start = System.nanoTime();
        InputStream in = s.getInputStream();
        try {
            while (in.read() >= 0) {
                // drain whatever the server said before closing
            }
        } catch (SocketException reset) {
            // closed with a reset: also closed
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept an idle connection open");
        }
        return (System.nanoTime() - start) / 1e9;
    }

    @Test
    void slowHeadersAreCutOffByTheIdleTimeout() throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write("POST /api/v1/imports HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals(200, f.get("/healthz", null).statusCode(), "others are served meanwhile");
            double seconds = awaitClosedByServer(s);
            assertTrue(seconds < IDLE_SECONDS * 5, "closed after " + seconds + " s");
        }
    }

    @Test
    void aStalledUploadIsCutOffAndImportsNothing() throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/v1/imports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + f.tokens.get("importer")
                    + "\r\nContent-Length: 100000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[1000]);
            out.flush();
            awaitClosedByServer(s);
        }
        List<JournalEntry> audit = f.awaitAudit(1);
        assertEquals(JournalEntry.FAILURE, audit.get(0).result(), audit.toString());
        assertEquals("none", audit.get(0).details().get("status"));
        assertEquals("importer", audit.get(0).details().get("token"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (f.store.journal().latest(e -> e.action().equals("import")).isEmpty() && System.nanoTime() < deadline) Thread.sleep(50);
        JournalEntry failed = f.store.journal().latest(e -> e.action().equals("import")).orElseThrow();
        assertEquals(JournalEntry.FAILURE, failed.result());
        assertTrue(failed.reason().contains("interrupted") || failed.reason().contains("closed"), failed.reason());
    }

    @Test
    void aFloodOfConnectionsAndRefusedRequestsLeavesTheServerServing() throws Exception {
        List<Socket> idle = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            for (int i = 0; i < 300; i++) idle.add(connect());
            List<Future<Integer>> attempts = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String token = i % 2 == 0 ? null : "ferry_guess" + i;
                attempts.add(pool.submit(() -> f.post("/api/v1/imports", token, new byte[10_000]).statusCode()));
            }
            long start = System.nanoTime();
            assertEquals("two", f.get("/a.txt", null).body(), "files are served during the flood");
            assertTrue((System.nanoTime() - start) / 1e9 < 5, "and promptly");
            for (Future<Integer> a : attempts) assertEquals(401, a.get(60, TimeUnit.SECONDS));
            for (Socket s : idle) awaitClosedByServer(s);
        } finally {
            pool.shutdownNow();
            for (Socket s : idle) s.close();
        }
        assertEquals(200, f.awaitAudit(200).size(), "every refused request is audited");
    }
}
