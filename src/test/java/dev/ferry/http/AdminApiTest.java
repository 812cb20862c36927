package dev.ferry.http;

import dev.ferry.admin.TokenScope;
import dev.ferry.store.JournalEntry;
import dev.ferry.testing.Trees;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdminApiTest {
    @TempDir
    Path tmp;
    AdminFixture f;

    @BeforeEach
    void setUp() throws IOException {
        f = new AdminFixture(tmp);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void refusedRequestsChangeNothingAndAreAudited() throws Exception {
        f.start(new RawUploads(f.store, 0));
        Map<String, byte[]> before = Trees.snapshot(f.store.root());
        byte[] body = "content".getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> none = f.post("/api/v1/imports", null, body);
        assertEquals(401, none.statusCode());
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertEquals(401, f.post("/api/v1/imports", "ferry_wrong", body).statusCode());
        assertEquals(401, f.post("/api/v1/imports", f.tokens.get("gone"), body).statusCode(), "revoked");
        assertEquals(403, f.post("/api/v1/imports", f.tokens.get("roller"), body).statusCode(), "rollback scope");
        assertEquals(403, f.post("/api/v1/imports", f.tokens.get("reader"), body).statusCode(), "read scope");
        assertEquals(403, f.post("/api/v1/rollback", f.tokens.get("importer"), new byte[0]).statusCode());
        assertEquals(401, f.get("/api/v1/imports", null).statusCode());
        HttpResponse<String> basicWrong = f.send("POST", "/api/v1/rollback", null, HttpRequest.BodyPublishers.noBody());
        assertEquals(401, basicWrong.statusCode());
        assertEquals(405, f.get("/api/v1/rollback", f.tokens.get("roller")).statusCode(), "GET is not a rollback");

        assertEquals(413, f.post("/api/v1/imports", f.tokens.get("importer"), new byte[2 << 20]).statusCode(), "declared too large");
        int chunked = statusOrClosed(() -> f.send("POST", "/api/v1/imports", f.tokens.get("importer"),
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[3 << 20]))));
        assertTrue(chunked == 413 || chunked == -1, "streamed too large: " + chunked);
        HttpResponse<String> rejected = f.post("/api/v1/imports", f.tokens.get("importer"), "BAD bundle".getBytes());
        assertEquals(422, rejected.statusCode());
        assertTrue(rejected.body().contains("not a valid bundle"), rejected.body());

        f.assertUnchanged(before);
        assertEquals(2, f.store.current().number());
        List<JournalEntry> audit = f.awaitAudit(12);
        assertEquals(12, audit.size(), audit.toString());
        assertTrue(audit.stream().allMatch(e -> e.result().equals(JournalEntry.FAILURE)), audit.toString());
        JournalEntry scoped = audit.get(3);
        assertEquals("POST /api/v1/imports", scoped.source());
        assertEquals("roller", scoped.details().get("token"));
        assertEquals("403", scoped.details().get("status"));
        assertTrue(scoped.reason().contains("lacks the 'import' scope"), scoped.reason());
        assertTrue(audit.stream().anyMatch(e -> e.details().get("status").equals("413")
                && "importer".equals(e.details().get("token"))), "oversized upload audited");
    }

    private interface Call {
        HttpResponse<String> run() throws Exception;
    }

    /** The status, or -1 when the server closed the connection before the client finished sending. */
    private static int statusOrClosed(Call call) throws Exception {
        try {
            return call.run().statusCode();
        } catch (IOException closed) {
            return -1;
        }
    }

    @Test
    void aValidTokenImportsAndTheJournalShowsIt() throws Exception {
        f.start(new RawUploads(f.store, 0));
        byte[] payload = new byte[300_000];
        new java.util.Random(1).nextBytes(payload);
        HttpResponse<String> r = f.post("/api/v1/imports?name=demo.tar.zst", f.tokens.get("importer"), payload);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"generation\":3"), r.body());
        assertTrue(r.body().contains("\"tags\":0") && r.body().contains("\"files\":1"), "the report ferry import --server prints: " + r.body());
        assertEquals(3, f.store.current().number());
        for (int i = 0; i < 50 && f.server.catalog().current().number() != 3; i++) Thread.sleep(50);
        HttpResponse<byte[]> served = f.http.send(HttpRequest.newBuilder(f.uri("/uploads/1.bin")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertArrayEquals(payload, served.body());

        HttpResponse<String> journal = f.get("/api/v1/imports?limit=5", f.tokens.get("reader"));
        assertEquals(200, journal.statusCode());
        assertEquals("application/json", journal.headers().firstValue("Content-Type").orElse(""));
        assertTrue(journal.body().contains("upload demo.tar.zst (token importer"), journal.body());
        assertTrue(journal.body().contains("\"result\":\"success\""), journal.body());
        assertTrue(!journal.body().contains("\"action\":\"admin\""), "audit lines are not imports");
        List<JournalEntry> audit = f.awaitAudit(2);
        assertEquals(JournalEntry.SUCCESS, audit.get(0).result());
        assertEquals("300000", audit.get(0).details().get("bytes"));
        assertEquals("importer", audit.get(0).details().get("token"));
    }

    @Test
    void rollbackNeedsItsScopeAndIsServedAtOnce() throws Exception {
        f.start(new RawUploads(f.store, 0));
        HttpResponse<String> r = f.post("/api/v1/rollback", f.tokens.get("roller"), new byte[0]);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"from\":2") && r.body().contains("\"generation\":1"), r.body());
        assertEquals("one", f.get("/a.txt", null).body());
        HttpResponse<String> tooFar = f.post("/api/v1/rollback?to=99", f.tokens.get("roller"), new byte[0]);
        assertEquals(422, tooFar.statusCode());
        assertTrue(tooFar.body().contains("does not exist"), tooFar.body());
        assertEquals(200, f.post("/api/v1/rollback?to=2", f.tokens.get("roller"), new byte[0]).statusCode());
        assertEquals("two", f.get("/a.txt", null).body());
        assertTrue(f.store.journal().tail(10).stream().anyMatch(e -> e.action().equals("rollback")));
    }

    @Test
    void revocationAppliesToTheNextRequest() throws Exception {
        f.start(new RawUploads(f.store, 0));
        f.add("temp", TokenScope.READ);
        assertEquals(200, f.get("/api/v1/imports", f.tokens.get("temp")).statusCode(), "a token added while running works");
        f.revoke("temp");
        assertEquals(401, f.get("/api/v1/imports", f.tokens.get("temp")).statusCode());
    }

    @Test
    void protectedReadsNeedTheReadScopeButProbesStayOpen() throws Exception {
        f.start(new RawUploads(f.store, 0), "admin.protectReads", "true");
        HttpResponse<String> anonymous = f.get("/a.txt", null);
        assertEquals(401, anonymous.statusCode());
        assertEquals("Basic realm=\"ferry\"", anonymous.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals(401, f.get("/metrics", null).statusCode());
        assertEquals(401, f.get("/a.txt", f.tokens.get("importer")).statusCode(), "import scope does not read");
        HttpResponse<String> read = f.get("/a.txt", f.tokens.get("reader"));
        assertEquals("two", read.body());
        assertEquals(List.of("2"), read.headers().allValues("Ferry-Generation"), "the router's path stamps the generation too");
        String basic = "Basic " + Base64.getEncoder().encodeToString(("oras:" + f.tokens.get("reader")).getBytes());
        HttpResponse<String> viaBasic = f.http.send(HttpRequest.newBuilder(f.uri("/a.txt")).header("Authorization", basic).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("two", viaBasic.body());
        assertEquals(200, f.get("/healthz", null).statusCode());
        assertEquals(200, f.get("/readyz", null).statusCode());
    }

    @Test
    void withoutATokenFileTheAdminApiIsOff() throws Exception {
        f.start(new RawUploads(f.store, 0), "admin.tokens", "");
        assertEquals(404, f.post("/api/v1/rollback", f.tokens.get("roller"), new byte[0]).statusCode());
        assertEquals(2, f.store.current().number());
        assertEquals(1, f.awaitAudit(1).size(), "audited all the same");
    }

    @Test
    void uploadsAreStreamedWithBoundedBuffering() throws Exception {
        AtomicLong peak = new AtomicLong();
        RawUploads slow = new RawUploads(f.store, 2);
        f.start((in, source, progress) -> {
            try {
                return slow.importStream(in, source, progress);
            } finally {
                peak.set(((RequestBodyStream) in).peakQueued());
            }
        }, "admin.maxUpload", "64MiB");
        int size = 24 << 20;
        HttpResponse<String> r = f.send("POST", "/api/v1/imports", f.tokens.get("importer"),
                HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> zeros(size)), size));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"bytes\":" + size), r.body());
        assertTrue(peak.get() > 0 && peak.get() <= RequestBodyStream.HIGH_WATER + (1 << 20),
                "at most the high-water mark plus one read is held: " + peak.get());
    }

    private static InputStream zeros(long n) {
        return new InputStream() {
            long left = n;

            @Override
            public int read() {
                return left-- > 0 ? 0 : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) return -1;
                int k = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + k, (byte) 0);
                left -= k;
                return k;
            }
        };
    }
}
