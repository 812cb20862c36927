package dev.ferry.it;

import dev.ferry.core.Digest;
import dev.ferry.testing.FerryProcess;
import dev.ferry.testing.S3ProxyServer;
import dev.ferry.testing.Trees;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two {@code ferry serve} replicas (the built jar, each its own process and local state) on one
 * bucket: an import by a third process reaches both within the reload interval; a replica killed
 * mid-download costs the client nothing (it resumes from the other replica, or from the restarted
 * one, and gets the whole, correct bytes); two imports racing leave one whole generation each or
 * refuse one of them.
 */
class S3ReplicasIT {
    private static final int BIG = 24 << 20;

    @TempDir
    static Path serverDir;
    static S3ProxyServer s3;

    @TempDir
    Path tmp;

    private Path config;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startServer() throws Exception {
        s3 = S3ProxyServer.start(serverDir);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (s3 != null) s3.close();
    }

    private FerryProcess.Result ferry(String state, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--config", config.toString(), "--store", tmp.resolve(state).toString()));
        return FerryProcess.run(S3ProxyServer.credentialEnvironment(), all.toArray(String[]::new));
    }

    private void imported(String state, Path tree) throws Exception {
        FerryProcess.Result r = ferry(state, "import", tree.toString());
        assertEquals(0, r.exitCode(), r.output());
    }

    private FerryProcess.Server replica(String state) throws IOException {
        return new FerryProcess.Server(S3ProxyServer.credentialEnvironment(), "--config", config.toString(),
                "--store", tmp.resolve(state).toString());
    }

    private HttpResponse<byte[]> get(FerryProcess.Server server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/" + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Polls {@code path} until it answers {@code expected} or the time is up (a reload interval and some). */
    private void awaitContent(FerryProcess.Server server, String path, byte[] expected) throws Exception {
        long deadline = System.nanoTime() + 8_000_000_000L;
        HttpResponse<byte[]> r;
        do {
            r = get(server, path);
            if (r.statusCode() == 200 && java.util.Arrays.equals(expected, r.body())) return;
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("replica on " + server.port() + " still answers " + r.statusCode() + " "
                + new String(r.body(), StandardCharsets.UTF_8) + " for " + path);
    }

    @Test
    void replicasFollowImportsSurviveAKilledPeerAndRacingImportsStayWhole() throws Exception {
        String bucket = s3.createBucket();
        config = Files.writeString(tmp.resolve("ferry.yaml"), """
                store:
                  reloadInterval: 1s
                  backend: s3
                  s3:
                    endpoint: %s
                    bucket: %s
                scrub:
                  interval: 0s
                """.formatted(s3.endpoint(), bucket));
        assertEquals(0, ferry("importer", "init").exitCode());
        byte[] big = new byte[BIG];
        new Random(1).nextBytes(big);
        Map<String, byte[]> v1 = Trees.files("a.txt", "version one");
        v1.put("big.bin", big);
        imported("importer", Trees.tree(tmp.resolve("v1"), v1));

        FerryProcess.Server a = replica("replica-a");
        try (FerryProcess.Server b = replica("replica-b")) {
            awaitContent(a, "a.txt", "version one".getBytes(StandardCharsets.UTF_8));
            awaitContent(b, "a.txt", "version one".getBytes(StandardCharsets.UTF_8));

            // an import elsewhere reaches both replicas within the reload interval
            Map<String, byte[]> v2 = Trees.files("a.txt", "version two");
            v2.put("big.bin", big);
            imported("importer", Trees.tree(tmp.resolve("v2"), v2));
            long published = System.nanoTime();
            awaitContent(a, "a.txt", "version two".getBytes(StandardCharsets.UTF_8));
            awaitContent(b, "a.txt", "version two".getBytes(StandardCharsets.UTF_8));
            long followedMillis = (System.nanoTime() - published) / 1_000_000;
            // reloadInterval 1s: each replica's next poll sees the changed hint; the rest is slack for a busy machine
            assertTrue(followedMillis < 4000, "replicas took " + followedMillis + " ms to follow the import");
            assertEquals("2", get(b, "a.txt").headers().firstValue("Ferry-Generation").orElse(""));

            // replica A dies (SIGKILL) in the middle of a download; the client resumes from B
            HttpResponse<InputStream> download = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + a.port() + "/big.bin")).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, download.statusCode());
            assertEquals(String.valueOf(BIG), download.headers().firstValue("Content-Length").orElse(""));
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            try (InputStream in = download.body()) {
                received.write(in.readNBytes(1 << 20));
                a.kill();
                in.transferTo(received);
            } catch (IOException cut) {
                // the connection died with the replica: expected
            }
            assertTrue(received.size() < BIG, "the kill came too late to cut the download");
            int have = received.size();
            HttpResponse<byte[]> rest = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + b.port() + "/big.bin"))
                    .header("Range", "bytes=" + have + "-").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(206, rest.statusCode());
            received.write(rest.body());
            assertEquals(Digest.ofBytes(big), Digest.ofBytes(received.toByteArray()), "resumed download is complete and correct");

            // the restarted replica serves the current generation again, ranges included
            a = replica("replica-a");
            awaitContent(a, "a.txt", "version two".getBytes(StandardCharsets.UTF_8));
            HttpResponse<byte[]> tail = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.port() + "/big.bin"))
                    .header("Range", "bytes=" + (BIG - 5000) + "-").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(206, tail.statusCode());
            assertArrayEquals(java.util.Arrays.copyOfRange(big, BIG - 5000, BIG), tail.body());

            // two imports racing from two hosts: each either published a whole generation or was refused
            Path left = Trees.tree(tmp.resolve("left"), Trees.files("a.txt", "left", "left-only.txt", "left"));
            Path right = Trees.tree(tmp.resolve("right"), Trees.files("a.txt", "right", "right-only.txt", "right"));
            CompletableFuture<FerryProcess.Result> l = CompletableFuture.supplyAsync(() -> run("importer", left));
            CompletableFuture<FerryProcess.Result> r = CompletableFuture.supplyAsync(() -> run("importer-2", right));
            FerryProcess.Result lr = l.get();
            FerryProcess.Result rr = r.get();
            assertTrue(lr.exitCode() == 0 || rr.exitCode() == 0, lr.output() + rr.output());
            for (FerryProcess.Result refused : List.of(lr, rr)) {
                if (refused.exitCode() != 0) assertTrue(refused.output().contains("nothing was changed"), refused.output());
            }
            // the replicas serve the winner (the later one, if both won) whole: its a.txt with its own file
            String winner = currentATxt(bucket);
            assertTrue(winner.equals("left") && lr.exitCode() == 0 || winner.equals("right") && rr.exitCode() == 0, winner);
            for (FerryProcess.Server replica : List.of(a, b)) {
                awaitContent(replica, "a.txt", winner.getBytes(StandardCharsets.UTF_8));
                awaitContent(replica, winner + "-only.txt", winner.getBytes(StandardCharsets.UTF_8));
            }
        } finally {
            a.close();
        }
    }

    /** Which import's a.txt the bucket's current generation serves, read from the bucket directly. */
    private static String currentATxt(String bucket) throws IOException {
        List<String> pointers = s3.keys(bucket, "current/");
        long n = dev.ferry.core.Json.MAPPER.readTree(s3.getObject(bucket, pointers.get(pointers.size() - 1))).get("generation").asLong();
        String digest = dev.ferry.core.Json.MAPPER.readTree(s3.getObject(bucket, String.format("generations/%020d.json", n)))
                .path("files").path("a.txt").path("digest").asText();
        for (String side : List.of("left", "right")) {
            if (Digest.ofBytes(side.getBytes(StandardCharsets.UTF_8)).toString().equals(digest)) return side;
        }
        throw new AssertionError("generation " + n + " serves neither import's a.txt: " + digest);
    }

    private FerryProcess.Result run(String state, Path tree) {
        try {
            return ferry(state, "import", tree.toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
