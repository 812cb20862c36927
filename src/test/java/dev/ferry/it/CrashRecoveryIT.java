package dev.ferry.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.Json;
import dev.ferry.testing.FerryProcess;
import dev.ferry.testing.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kills an importing child JVM with SIGKILL at each step of the publish sequence (and at random
 * moments), restarts, and checks that the store verifies clean, holds nothing the crash left
 * behind, and serves exactly one whole generation.
 */
class CrashRecoveryIT {
    @TempDir
    Path tmp;

    private Path store;
    private Map<String, byte[]> first;
    private Map<String, byte[]> second;

    private void prepare(int extraFiles) throws Exception {
        store = tmp.resolve("store");
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
        FerryProcess.Result r = FerryProcess.run("import", "--create", "--store", store.toString(), tmp.resolve("first").toString());
        assertEquals(0, r.exitCode(), r.output());
    }

    @ParameterizedTest(name = "killed at {0}")
    @CsvSource({"after-plan,1", "after-blobs,1", "after-generation,1", "after-pointer,2"})
    void killedAtEachPublishStep(String point, int expectedGeneration) throws Exception {
        prepare(3);
        Process p = FerryProcess.command(List.of("-Dferry.crashpoint=" + point), "import", "--store", store.toString(),
                tmp.resolve("second").toString()).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        boolean reached = false;
        for (String line; (line = out.readLine()) != null; ) {
            if (line.contains("reached crash point " + point)) {
                reached = true;
                break;
            }
        }
        assertTrue(reached, "import never reached " + point);
        p.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertRecovered(expectedGeneration);
    }

    @Test
    void killedAtRandomMoments() throws Exception {
        prepare(40);
        Random random = new Random(7);
        for (int round = 0; round < 4; round++) {
            Process p = FerryProcess.command(List.of(), "import", "--store", store.toString(), tmp.resolve("second").toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Thread.sleep(300 + random.nextInt(900));
            p.destroyForcibly();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            JsonNode status = status();
            assertRecovered(status.get("generation").asInt());
            if (status.get("generation").asInt() == 2) break;
        }
    }

    private JsonNode status() throws Exception {
        FerryProcess.Result r = FerryProcess.run("status", "--store", store.toString(), "--output", "json");
        assertEquals(0, r.exitCode(), r.output());
        return Json.MAPPER.readTree(r.output());
    }

    private void assertRecovered(int expectedGeneration) throws Exception {
        FerryProcess.Result verify = FerryProcess.run("verify", "--store", store.toString());
        assertEquals(0, verify.exitCode(), verify.output());
        assertEquals(expectedGeneration, status().get("generation").asInt());

        Map<String, byte[]> expected = expectedGeneration == 1 ? first : second;
        Set<String> blobs = listNames(store.resolve("blobs/sha256"));
        Set<String> wanted = expected.values().stream().map(dev.ferry.core.Digest::ofBytes)
                .map(dev.ferry.core.Digest::hex).collect(Collectors.toSet());
        if (expectedGeneration == 1) assertEquals(wanted, blobs, "blobs the crashed import left behind");
        assertTrue(listNames(store.resolve("staging")).isEmpty(), "staging not cleaned");
        assertTrue(listNames(store.resolve("transactions")).isEmpty(), "transaction plan not cleaned");

        try (FerryProcess.Server server = new FerryProcess.Server(store)) {
            HttpClient http = HttpClient.newHttpClient();
            for (Map.Entry<String, byte[]> e : new TreeMap<>(expected).entrySet()) {
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/" + e.getKey())).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, r.statusCode(), e.getKey());
                assertArrayEquals(e.getValue(), r.body(), e.getKey());
            }
        }
    }

    private static Set<String> listNames(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
