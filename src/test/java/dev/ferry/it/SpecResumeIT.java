package dev.ferry.it;

import dev.ferry.core.Digest;
import dev.ferry.store.Store;
import dev.ferry.testing.Daemon;
import dev.ferry.testing.FerryProcess;
import dev.ferry.testing.Nginx;
import dev.ferry.testing.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A {@code bundle create --spec} child is killed (SIGKILL) halfway through a large download from nginx; the next
 * run asks only for the remaining range, completes, and its bundle imports.
 */
class SpecResumeIT {
    private static final int SIZE = 24 << 20; // about 6 s at nginx's /throttled/ rate

    @TempDir
    Path tmp;

    @Test
    void aKilledCreateResumesTheBlobWithRange() throws Exception {
        assumeTrue(Daemon.installed(Nginx.BINARY), "nginx is needed; run scripts/install-test-deps.sh");
        byte[] big = new byte[SIZE];
        new Random(13).nextBytes(big);
        Digest digest = Digest.ofBytes(big);
        TestPki pki = TestPki.create(tmp.resolve("pki"));
        Path www = Daemon.openDir(tmp, "www");
        Files.write(www.resolve("big.bin"), big);
        Path nginxDir = tmp.resolve("nginx");
        try (Daemon nginx = Nginx.start(nginxDir, pki, www)) {
            Path spec = Files.writeString(tmp.resolve("big.spec.yaml"), """
                    apiVersion: ferry.spec.v1
                    files:
                      - {url: "https://127.0.0.1:%d/throttled/big.bin", sha256: %s, path: payload/big.bin}
                    """.formatted(Nginx.port(nginxDir), digest.hex()));
            Path cache = tmp.resolve("cache");
            Path bundle = tmp.resolve("big.bundle");
            String[] create = {"bundle", "create", "--spec", spec.toString(), "--out", bundle.toString(), "--unsigned",
                    "--cacert", pki.caFile().toString(), "--cache", cache.toString()};

            Path partial = cache.resolve("partial").resolve(digest.hex());
            Process first = FerryProcess.command(List.of(), create).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("first.out").toFile()).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while ((!Files.exists(partial) || Files.size(partial) < SIZE / 3) && first.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            } finally {
                first.destroyForcibly(); // SIGKILL: no chance to tidy up
                first.waitFor(10, TimeUnit.SECONDS);
            }
            long had = Files.size(partial);
            assertTrue(had >= SIZE / 3 && had < SIZE, "partial of " + had + " bytes\n" + Files.readString(tmp.resolve("first.out")));
            assertFalse(Files.exists(bundle), "no bundle from the killed run");

            FerryProcess.Result second = FerryProcess.run(create);
            assertEquals(0, second.exitCode(), second.output());
            List<String> requests = Files.readAllLines(nginxDir.resolve("access.log")).stream()
                    .filter(l -> l.startsWith("GET /throttled/big.bin")).toList();
            assertEquals(2, requests.size(), "one request per run: " + requests);
            assertTrue(requests.get(0).startsWith("GET /throttled/big.bin 200 ") && requests.get(0).endsWith("range=\"-\""), requests.get(0));
            assertEquals("GET /throttled/big.bin 206 " + (SIZE - had) + " range=\"bytes=" + had + "-\"", requests.get(1));

            Path store = tmp.resolve("store");
            FerryProcess.Result imported = FerryProcess.run("import", "--create", "--allow-unsigned", "--store", store.toString(),
                    bundle.toString());
            assertEquals(0, imported.exitCode(), imported.output());
            assertEquals(digest.toString(), Store.open(store).current().files().get("payload/big.bin").digest().toString());
        }
    }
}
