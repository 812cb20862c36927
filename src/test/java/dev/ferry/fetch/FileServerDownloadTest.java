package dev.ferry.fetch;

import dev.ferry.core.Digest;
import dev.ferry.testing.Daemon;
import dev.ferry.testing.Nginx;
import dev.ferry.testing.Squid;
import dev.ferry.testing.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Downloads from Debian's nginx over TLS: directly, through squid as the HTTPS proxy, and after a killed run. */
class FileServerDownloadTest {
    private static final String DRIVER = "/driver/8.0.0%2Bdriver/x86_64/falco_debian_6.1.0-26-amd64_1.ko";
    private static final byte[] SMALL = "falco driver bytes\n".repeat(1000).getBytes();
    private static final byte[] BIG = new byte[1 << 20];

    @TempDir
    static Path tmp;
    static TestPki pki;
    static Daemon nginx;
    static Daemon squid;
    static Path nginxDir;
    static Path squidDir;
    static Daemon authSquid;
    static Path authSquidDir;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Daemon.installed(Nginx.BINARY) && Daemon.installed(Squid.BINARY),
                "nginx and squid are needed; run scripts/install-test-deps.sh");
        new Random(5).nextBytes(BIG);
        pki = TestPki.create(tmp.resolve("pki"));
        Path www = Daemon.openDir(tmp, "www");
        Path driver = www.resolve(DRIVER.substring(1).replace("%2B", "+"));
        Files.createDirectories(driver.getParent());
        Files.write(driver, SMALL);
        Files.write(www.resolve("big.bin"), BIG);
        Files.write(www.resolve("shared.bin"), BIG);
        nginxDir = tmp.resolve("nginx");
        nginx = Nginx.start(nginxDir, pki, www);
        squidDir = Daemon.openDir(tmp, "squid");
        squid = Squid.start(squidDir);
        authSquidDir = Daemon.openDir(tmp, "squid-auth");
        authSquid = Squid.start(authSquidDir, "alice", "pr0xy pw");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (authSquid != null) authSquid.close();
        if (squid != null) squid.close();
        if (nginx != null) nginx.close();
    }

    private static URI url(String path) throws IOException {
        return URI.create("https://127.0.0.1:" + Nginx.port(nginxDir) + path);
    }

    private static HttpFetcher fetcher(String cache, Map<String, String> proxyEnv) throws IOException {
        return new HttpFetcher(FetchSettings.defaults(tmp.resolve(cache)).withCacert(pki.caFile()).withProxyEnv(proxyEnv)
                .withAttempts(1), FetchProgress.NONE);
    }

    @Test
    void directOverTlsWithTheTestCa() throws IOException {
        HttpFetcher f = fetcher("direct", Map.of());
        Fetched got = f.file("falco driver", url(DRIVER), Digest.ofBytes(SMALL));
        assertArrayEquals(SMALL, Files.readAllBytes(got.file()));
        assertEquals(SMALL.length, f.probe("falco driver", url(DRIVER)).orElseThrow());
        assertTrue(f.probe("falco driver", url("/driver/none.ko")).isEmpty());
        assertEquals(404, assertThrows(FetchException.class, () -> f.file("none", url("/none"), null)).status());
    }

    @Test
    void withoutTheCaTheServerIsNotTrusted() throws IOException {
        HttpFetcher f = new HttpFetcher(FetchSettings.defaults(tmp.resolve("untrusted")).withAttempts(1), FetchProgress.NONE);
        FetchException e = assertThrows(FetchException.class, () -> f.file("falco driver", url(DRIVER), null));
        assertTrue(e.getMessage().contains("cannot reach"), e.getMessage());
    }

    @Test
    void throughSquidAsTheHttpsProxy() throws Exception {
        URI u = url(DRIVER);
        HttpFetcher f = fetcher("proxied", Map.of("HTTPS_PROXY", "http://127.0.0.1:" + Squid.port(squidDir)));
        assertEquals(Digest.ofBytes(SMALL), f.file("falco driver", u, null).digest());
        awaitLogLine(squidDir, "TCP_TUNNEL/200", "CONNECT 127.0.0.1:" + u.getPort() + " -");
    }

    @Test
    void throughAProxyThatWantsTheLoginOfTheProxyUrl() throws Exception {
        URI u = url(DRIVER);
        // a fresh JVM: the JDK reads whether it may send Basic to a proxy once per JVM
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FetchOnce.class.getName(), u.toString(),
                tmp.resolve("auth-proxied").toString(), pki.caFile().toString(), Digest.ofBytes(SMALL).toString(),
                "http://alice:pr0xy%20pw@127.0.0.1:" + Squid.port(authSquidDir));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes());
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue(), out);
        awaitLogLine(authSquidDir, "TCP_TUNNEL/200", "CONNECT 127.0.0.1:" + u.getPort() + " alice");
    }

    @Test
    void twoRunsSharingTheCacheDownloadOnce() throws Exception {
        Digest d = Digest.ofBytes(BIG);
        Path cache = tmp.resolve("shared");
        List<Process> runs = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), FetchOnce.class.getName(),
                    url("/slow/shared.bin").toString(), cache.toString(), pki.caFile().toString(), d.toString());
            runs.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("shared" + i + ".out").toFile()).start());
        }
        for (Process p : runs) {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
        }
        assertArrayEquals(BIG, Files.readAllBytes(cache.resolve("blobs/sha256/" + d.hex())));
        assertEquals(List.of("GET /slow/shared.bin 200 " + BIG.length + " range=\"-\""),
                Files.readAllLines(nginxDir.resolve("access.log")).stream().filter(l -> l.contains("shared.bin")).toList());
    }

    /** Squid logs a tunnel when it closes, after its 1 s idle timeout. */
    private static void awaitLogLine(Path dir, String... parts) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String log = "";
        while (System.nanoTime() < deadline) {
            Path p = Squid.accessLog(dir);
            log = Files.exists(p) ? Files.readString(p) : "";
            if (log.lines().anyMatch(l -> java.util.Arrays.stream(parts).allMatch(l::contains))) return;
            Thread.sleep(200);
        }
        throw new AssertionError("no line with " + List.of(parts) + " in squid's access log:\n" + log);
    }

    @Test
    void aKilledRunIsResumedWithRange() throws Exception {
        Digest d = Digest.ofBytes(BIG);
        Path cache = tmp.resolve("killed");
        Path partial = cache.resolve("partial").resolve(d.hex());
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FetchOnce.class.getName(),
                url("/slow/big.bin").toString(), cache.toString(), pki.caFile().toString(), d.toString());
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("child.out").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while ((!Files.exists(partial) || Files.size(partial) < 300_000) && System.nanoTime() < deadline) Thread.sleep(50);
        } finally {
            child.destroyForcibly(); // SIGKILL: no chance to tidy up
            child.waitFor(10, TimeUnit.SECONDS);
        }
        long had = Files.size(partial);
        assertTrue(had >= 300_000 && had < BIG.length, "partial of " + had + " bytes");

        Fetched f = fetcher("killed", Map.of()).file("resumed run", url("/slow/big.bin"), d);
        assertArrayEquals(BIG, Files.readAllBytes(f.file()));
        String last = Files.readAllLines(nginxDir.resolve("access.log")).stream()
                .filter(l -> l.startsWith("GET /slow/big.bin")).reduce((a, b) -> b).orElseThrow();
        assertEquals("GET /slow/big.bin 206 " + (BIG.length - had) + " range=\"bytes=" + had + "-\"", last);
    }
}
