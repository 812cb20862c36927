package dev.ferry.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.Digest;
import dev.ferry.core.Json;
import dev.ferry.testing.FerryProcess;
import dev.ferry.testing.S3ProxyServer;
import dev.ferry.testing.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CrashRecoveryIT} with the store in a bucket: an import child JVM is SIGKILLed at each step
 * of the publish sequence; afterwards the bucket shows exactly one whole generation, the next run
 * removes what the crashed import wrote (its generation at once, its blobs once the grace period
 * passed), and the store verifies clean.
 */
class S3CrashRecoveryIT {
    /** Short, so the test can wait it out: the crashed import's blobs go at the first gc after it. */
    private static final String GRACE = "2s";

    static final S3ProxyServer s3 = S3ProxyServer.shared();

    @TempDir
    Path tmp;

    private String bucket;
    private Path config;
    private Map<String, byte[]> first;
    private Map<String, byte[]> second;


    private void prepare(int extraFiles) throws Exception {
        bucket = s3.createBucket();
        config = tmp.resolve("ferry.yaml");
        Files.writeString(config, """
                store:
                  path: %s
                  backend: s3
                  s3:
                    endpoint: %s
                    bucket: %s
                    gcGrace: %s
                """.formatted(tmp.resolve("state"), s3.endpoint(), bucket, GRACE));
        first = Trees.files("a.txt", "first generation", "b.txt", "unchanged");
        second = Trees.files("a.txt", "second generation", "b.txt", "unchanged");
        Random random = new Random(42);
        for (int i = 0; i < extraFiles; i++) {
            byte[] data = new byte[256 * 1024];
            random.nextBytes(data);
            second.put("bulk/file-" + i + ".bin", data);
        }
        Trees.tree(tmp.resolve("first"), first);
        Trees.tree(tmp.resolve("second"), second);
        FerryProcess.Result r = ferry("import", "--create", tmp.resolve("first").toString());
        assertEquals(0, r.exitCode(), r.output());
    }

    private FerryProcess.Result ferry(String... args) throws Exception {
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--config", config.toString()))
                .toArray(String[]::new);
        return FerryProcess.run(S3ProxyServer.credentialEnvironment(), all);
    }

    private Process importer(List<String> jvmFlags) throws IOException {
        ProcessBuilder pb = FerryProcess.command(jvmFlags, "import", "--config", config.toString(), tmp.resolve("second").toString())
                .redirectErrorStream(true);
        pb.environment().putAll(S3ProxyServer.credentialEnvironment());
        return pb.start();
    }

    @ParameterizedTest(name = "killed at {0}")
    @CsvSource({"after-plan,1", "after-blobs,1", "after-generation,1", "after-pointer,2"})
    void killedAtEachPublishStep(String point, int expectedGeneration) throws Exception {
        prepare(3);
        Process p = importer(List.of("-Dferry.crashpoint=" + point));
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        boolean reached = false;
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            seen.append(line).append('\n');
            if (line.contains("reached crash point " + point)) {
                reached = true;
                break;
            }
        }
        assertTrue(reached, "import never reached " + point + ":\n" + seen);
        if (point.equals("after-generation")) {
            assertEquals(List.of("generations/00000000000000000001.json", "generations/00000000000000000002.json"),
                    s3.keys(bucket, "generations/"), "the crash point is after the generation object was created");
            assertEquals(1, currentInBucket(), "but before the pointer moved: readers still see generation 1");
        }
        p.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertRecovered(expectedGeneration);
    }

    @Test
    void killedAtRandomMoments() throws Exception {
        prepare(40);
        Random random = new Random(7);
        for (int round = 0; round < 4; round++) {
            Process p = importer(List.of());
            p.getInputStream().close();
            Thread.sleep(600 + random.nextInt(1500));
            p.destroyForcibly();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            int generation = status().get("generation").asInt();
            assertRecovered(generation);
            if (generation == 2) break;
        }
    }

    private JsonNode status() throws Exception {
        FerryProcess.Result r = ferry("status", "--output", "json");
        assertEquals(0, r.exitCode(), r.output());
        try {
            return Json.MAPPER.readTree(r.output());
        } catch (IOException e) {
            throw new AssertionError("status printed more than its JSON:\n" + r.output(), e);
        }
    }

    /** The generation the newest pointer object names, read from the bucket directly. */
    private long currentInBucket() throws IOException {
        List<String> pointers = s3.keys(bucket, "current/");
        JsonNode pointer = Json.MAPPER.readTree(s3.getObject(bucket, pointers.get(pointers.size() - 1)));
        return pointer.get("generation").asLong();
    }

    private void assertRecovered(int expectedGeneration) throws Exception {
        FerryProcess.Result verify = ferry("verify");
        assertEquals(0, verify.exitCode(), verify.output());
        assertEquals(expectedGeneration, status().get("generation").asInt());
        assertEquals(expectedGeneration, currentInBucket());
        List<String> generations = s3.keys(bucket, "generations/");
        assertEquals(expectedGeneration, generations.size(), "a generation the crashed import wrote is still listed: " + generations);

        Thread.sleep(2100); // past the grace period: what the crash left may go now
        FerryProcess.Result gc = ferry("gc");
        assertEquals(0, gc.exitCode(), gc.output());
        Map<String, byte[]> expected = expectedGeneration == 1 ? first : second;
        Set<String> wanted = expected.values().stream().map(Digest::ofBytes).map(d -> "blobs/sha256/" + d.hex()).collect(Collectors.toSet());
        Set<String> stored = Set.copyOf(s3.keys(bucket, "blobs/sha256/"));
        if (expectedGeneration == 1) assertEquals(wanted, stored, "blobs the crashed import left behind");
        else assertTrue(stored.containsAll(wanted));
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            assertArrayEquals(e.getValue(), s3.getObject(bucket, "blobs/sha256/" + Digest.ofBytes(e.getValue()).hex()), e.getKey());
        }
        assertTrue(listNames(tmp.resolve("state/staging")).isEmpty(), "staging not cleaned");
        assertTrue(listNames(tmp.resolve("state/transactions")).isEmpty(), "transaction plan not cleaned");
    }

    private static Set<String> listNames(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
