package dev.ferry.fetch;

import dev.ferry.core.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpFetcherTest {
    private static final byte[] BODY = new byte[300_000];
    private static final Digest DIGEST;

    static {
        new Random(13).nextBytes(BODY);
        DIGEST = Digest.ofBytes(BODY);
    }

    @TempDir
    Path cacheDir;

    private HttpFetcher fetcher(int attempts) throws IOException {
        return new HttpFetcher(FetchSettings.defaults(cacheDir).withAttempts(attempts)
                .withBackoff(Duration.ofMillis(10), Duration.ofSeconds(3)), FetchProgress.NONE);
    }

    private void assertNotCached() throws IOException {
        Path blobs = cacheDir.resolve("blobs/sha256");
        assertTrue(!Files.exists(blobs) || Files.list(blobs).findAny().isEmpty(), "nothing cached as complete");
    }

    @Test
    void cutDownloadResumesWithRangeWithoutResendingWhatArrived() throws IOException {
        try (FakeUpstream up = new FakeUpstream((ex, n) -> {
            if (n == 1) FakeUpstream.cut(ex, BODY, "\"v1\"", 100_000);
            else FakeUpstream.serve(ex, BODY, "\"v1\"");
        })) {
            FetchException cut = assertThrows(FetchException.class, () -> fetcher(1).file("demo", up.url("/f"), DIGEST));
            assertTrue(cut.getMessage().contains("truncated body"), cut.getMessage());
            assertNotCached();
            long kept = Files.size(cacheDir.resolve("partial").resolve(DIGEST.hex()));
            assertTrue(kept > 0 && kept <= 100_000, "partial kept: " + kept);

            Fetched f = fetcher(1).file("demo", up.url("/f"), DIGEST);
            assertEquals(DIGEST, f.digest());
            assertFalse(f.fromCache());
            assertArrayEquals(BODY, Files.readAllBytes(f.file()));
            assertEquals("bytes=" + kept + "-", up.requests.get(1).headers().getFirst("Range"));
            assertEquals("\"v1\"", up.requests.get(1).headers().getFirst("If-Range"));
            assertFalse(Files.exists(cacheDir.resolve("partial").resolve(DIGEST.hex())));
        }
    }

    @Test
    void retriesWithinOneCallResumeToo() throws IOException {
        try (FakeUpstream up = new FakeUpstream((ex, n) -> {
            if (n == 1) FakeUpstream.cut(ex, BODY, "\"v1\"", 50_000);
            else FakeUpstream.serve(ex, BODY, "\"v1\"");
        })) {
            assertEquals(DIGEST, fetcher(3).file("demo", up.url("/f"), null).digest());
            assertTrue(up.requests.get(1).headers().getFirst("Range").startsWith("bytes="));
        }
    }

    @Test
    void fullAnswerToARangeRestartsFromZero() throws IOException {
        try (FakeUpstream up = new FakeUpstream((ex, n) -> {
            if (n == 1) FakeUpstream.cut(ex, BODY, "\"v1\"", 100_000);
            ex.getResponseHeaders().set("ETag", "\"v1\"");
            ex.sendResponseHeaders(200, BODY.length); // ignores Range
            try (OutputStream o = ex.getResponseBody()) {
                o.write(BODY);
            }
        })) {
            assertThrows(FetchException.class, () -> fetcher(1).file("demo", up.url("/f"), DIGEST));
            Fetched f = fetcher(1).file("demo", up.url("/f"), DIGEST);
            assertNotNull(up.requests.get(1).headers().getFirst("Range"));
            assertArrayEquals(BODY, Files.readAllBytes(f.file()));
        }
    }

    @Test
    void unsatisfiableRangeRestartsOnceFromZero() throws IOException {
        try (FakeUpstream up = new FakeUpstream((ex, n) -> {
            if (n == 1) FakeUpstream.cut(ex, BODY, "\"v1\"", 100_000);
            if (ex.getRequestHeaders().getFirst("Range") != null) {
                ex.sendResponseHeaders(416, -1);
                return;
            }
            FakeUpstream.serve(ex, BODY, "\"v1\"");
        })) {
            assertThrows(FetchException.class, () -> fetcher(1).file("demo", up.url("/f"), DIGEST));
            assertEquals(DIGEST, fetcher(1).file("demo", up.url("/f"), DIGEST).digest());
            assertEquals(3, up.count());
            assertNull(up.requests.get(2).headers().getFirst("Range"));
        }
    }

    @Test
    void resumedBodyThatDoesNotHashRestartsOnceFromZero() throws IOException {
        byte[] changed = BODY.clone();
        changed[10] ^= 1; // the upstream changed the bytes before the cut without changing its ETag
        try (FakeUpstream up = new FakeUpstream((ex, n) -> {
            if (n == 1) FakeUpstream.cut(ex, changed, "\"v1\"", 100_000);
            FakeUpstream.serve(ex, BODY, "\"v1\"");
        })) {
            assertThrows(FetchException.class, () -> fetcher(1).file("demo", up.url("/f"), DIGEST));
            assertEquals(DIGEST, fetcher(1).file("demo", up.url("/f"), DIGEST).digest());
            assertEquals(3, up.count());
        }
    }

    @Test
    void tooManyRequestsWaitsForRetryAfter() throws IOException {
        try (FakeUpstream up = new FakeUpstream((ex, n) -> {
            if (n == 1) {
                ex.getResponseHeaders().set("Retry-After", "1");
                ex.sendResponseHeaders(429, -1);
                return;
            }
            FakeUpstream.serve(ex, BODY, "\"v1\"");
        })) {
            long t0 = System.nanoTime();
            assertEquals(DIGEST, fetcher(2).file("demo", up.url("/f"), DIGEST).digest());
            long waited = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(waited >= 900, "waited " + waited + " ms, Retry-After asked 1 s");
            assertEquals(2, up.count());
        }
    }

    @Test
    void serverErrorsAreRetried() throws IOException {
        try (FakeUpstream up = new FakeUpstream((ex, n) -> {
            if (n <= 2) {
                ex.sendResponseHeaders(500, -1);
                return;
            }
            FakeUpstream.serve(ex, BODY, "\"v1\"");
        })) {
            assertEquals(DIGEST, fetcher(4).file("demo", up.url("/f"), DIGEST).digest());
            assertEquals(3, up.count());
        }
    }

    @Test
    void notFoundIsNotRetried() throws IOException {
        try (FakeUpstream up = new FakeUpstream((ex, n) -> ex.sendResponseHeaders(404, -1))) {
            FetchException e = assertThrows(FetchException.class, () -> fetcher(4).file("demo", up.url("/f"), DIGEST));
            assertEquals(404, e.status());
            assertEquals(1, up.count());
            assertTrue(e.getMessage().startsWith("demo: " + up.url("/f")), e.getMessage());
        }
    }

    @Test
    void digestMismatchIsRefusedAndNotCached() throws IOException {
        Digest other = Digest.ofBytes(new byte[]{1});
        try (FakeUpstream up = new FakeUpstream((ex, n) -> FakeUpstream.serve(ex, BODY, "\"v1\""))) {
            FetchException e = assertThrows(FetchException.class, () -> fetcher(4).file("demo 1.0", up.url("/f"), other));
            assertEquals("demo 1.0: " + up.url("/f") + ": sha256 mismatch: expected " + other + ", got " + DIGEST, e.getMessage());
            assertEquals(1, up.count());
            assertNotCached();
            assertFalse(Files.exists(cacheDir.resolve("partial").resolve(other.hex())));
        }
    }

    @Test
    void truncatedBodyIsRefusedAndNotCached() throws IOException {
        try (FakeUpstream up = new FakeUpstream((ex, n) -> FakeUpstream.cut(ex, BODY, "\"v1\"", 1000 * n))) {
            FetchException e = assertThrows(FetchException.class, () -> fetcher(2).file("demo", up.url("/f"), null));
            assertTrue(e.getMessage().contains("truncated body"), e.getMessage());
            assertEquals(2, up.count());
            assertNotCached();
        }
    }

    @Test
    void announcedBodyOverTheCapIsRefused() throws IOException {
        try (FakeUpstream up = new FakeUpstream((ex, n) -> FakeUpstream.serve(ex, BODY, "\"v1\""))) {
            HttpFetcher f = new HttpFetcher(FetchSettings.defaults(cacheDir).withMaxBytes(1000), FetchProgress.NONE);
            FetchException e = assertThrows(FetchException.class, () -> f.file("demo", up.url("/f"), null));
            assertTrue(e.getMessage().contains("refused"), e.getMessage());
            assertEquals(1, up.count());
            assertThrows(FetchException.class, () -> f.small("demo", up.url("/f"), 1000));
        }
    }

    @Test
    void cachedBodyIsNotFetchedAgain() throws IOException {
        try (FakeUpstream up = new FakeUpstream((ex, n) -> FakeUpstream.serve(ex, BODY, "\"v1\""))) {
            assertFalse(fetcher(1).file("demo", up.url("/f"), DIGEST).fromCache());
            Fetched again = fetcher(1).file("demo", up.url("/f"), DIGEST);
            assertTrue(again.fromCache());
            assertEquals(BODY.length, again.size());
            assertEquals(1, up.count());
        }
    }

    @Test
    void concurrentRunsShareOneDownload() throws Exception {
        try (FakeUpstream up = new FakeUpstream((ex, n) -> FakeUpstream.serve(ex, BODY, "\"v1\""));
             FetchPool pool = new FetchPool(4)) {
            HttpFetcher a = fetcher(1);
            HttpFetcher b = fetcher(1);
            List<Callable<Fetched>> tasks = List.of(() -> a.file("demo", up.url("/f"), DIGEST),
                    () -> b.file("demo", up.url("/f"), DIGEST), () -> a.file("demo", up.url("/f"), DIGEST));
            for (Fetched f : pool.runAll(tasks)) assertEquals(DIGEST, f.digest());
            assertEquals(1, up.count());
        }
    }

    @Test
    void stalledBodyTimesOut() throws IOException {
        try (FakeUpstream up = new FakeUpstream((ex, n) -> {
            ex.sendResponseHeaders(200, BODY.length);
            OutputStream o = ex.getResponseBody();
            o.write(BODY, 0, 1000);
            o.flush();
            try {
                Thread.sleep(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            HttpFetcher f = new HttpFetcher(FetchSettings.defaults(cacheDir).withAttempts(1)
                    .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(400)), FetchProgress.NONE);
            long t0 = System.nanoTime();
            FetchException e = assertThrows(FetchException.class, () -> f.file("demo", up.url("/f"), DIGEST));
            long took = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(e.getMessage().contains("stalled"), e.getMessage());
            assertTrue(took < 3000, "gave up after " + took + " ms");
        }
    }

    @Test
    void authorizationIsNotSentAfterARedirectToAnotherHost() throws IOException {
        try (FakeUpstream storage = new FakeUpstream((ex, n) -> FakeUpstream.serve(ex, BODY, "\"v1\""));
             FakeUpstream registry = new FakeUpstream((ex, n) -> {
                 ex.getResponseHeaders().set("Location", storage.url("/bucket/blob").toString());
                 ex.sendResponseHeaders(307, -1);
             })) {
            Fetched f = fetcher(1).download("blob", registry.url("/v2/r/blobs/" + DIGEST), DIGEST, BODY.length,
                    Map.of("Authorization", "Bearer secret"));
            assertEquals(DIGEST, f.digest());
            assertEquals("Bearer secret", registry.requests.get(0).headers().getFirst("Authorization"));
            assertNull(storage.requests.get(0).headers().getFirst("Authorization"));
        }
    }

    @Test
    void smallAndProbe() throws IOException {
        try (FakeUpstream up = new FakeUpstream((ex, n) -> {
            if (ex.getRequestURI().getPath().equals("/missing")) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            if (ex.getRequestMethod().equals("HEAD")) {
                if (ex.getRequestURI().getPath().equals("/x")) ex.getResponseHeaders().set("Content-Length", "42");
                ex.sendResponseHeaders(200, -1);
                return;
            }
            if (ex.getRequestURI().getPath().equals("/cdn")) {
                assertEquals("bytes=0-0", ex.getRequestHeaders().getFirst("Range"));
                ex.getResponseHeaders().set("Content-Range", "bytes 0-0/1234");
                ex.sendResponseHeaders(206, 1);
                ex.getResponseBody().write('x');
                return;
            }
            FakeUpstream.serve(ex, "abc\n".getBytes(), "\"s\"");
        })) {
            HttpFetcher f = fetcher(1);
            assertArrayEquals("abc\n".getBytes(), f.small("sums", up.url("/SHA256SUMS"), 100));
            assertEquals(42L, f.probe("x", up.url("/x")).orElseThrow());
            assertTrue(f.probe("x", up.url("/missing")).isEmpty());
            assertEquals(1234L, f.probe("x", up.url("/cdn")).orElseThrow());
            assertThrows(FetchException.class, () -> f.small("sums", up.url("/SHA256SUMS"), 2));
        }
    }

    @Test
    void progressLinesWithoutATerminal() throws IOException {
        java.io.ByteArrayOutputStream lines = new java.io.ByteArrayOutputStream();
        ConsoleProgress progress = new ConsoleProgress(new java.io.PrintStream(lines, true), false);
        try (FakeUpstream up = new FakeUpstream((ex, n) -> FakeUpstream.serve(ex, BODY, "\"v1\""))) {
            FetchSettings s = FetchSettings.defaults(cacheDir).withAttempts(1);
            new HttpFetcher(s, progress).file("demo 1.0", up.url("/f"), DIGEST);
            new HttpFetcher(s, progress).file("demo 1.0", up.url("/f"), DIGEST);
        }
        assertEquals(List.of("fetched demo 1.0 (" + BODY.length + " bytes) from " + "http://127.0.0.1:", "cached demo 1.0"),
                lines.toString().lines().map(l -> l.replaceAll("[0-9]+/f$", "")).toList());
    }

    @Test
    void progressOnATerminalRedrawsOneLinePerDownloadAndATotal() {
        java.io.ByteArrayOutputStream screen = new java.io.ByteArrayOutputStream();
        ConsoleProgress p = new ConsoleProgress(new java.io.PrintStream(screen, true), true);
        java.net.URI u = java.net.URI.create("https://example.test/a");
        p.started("a", u, 0, 2048);
        p.started("b", u, 0, -1);
        p.advanced("a", 1024);
        p.finished("a", u, 2048, false);
        String out = screen.toString();
        assertTrue(out.contains("  a 0 B / 2.0 KiB   0%"), out);
        assertTrue(out.contains("  b 0 B"), out);
        assertTrue(out.contains("\033[3A\033[J"), "moves up over the live block");
        assertTrue(out.contains("total: 1 fetched, 0 cached, 1.0 KiB downloaded"), out);
    }
}
