package dev.ferry.metrics;

import dev.ferry.config.ConfigLoader;
import dev.ferry.config.FerryConfig;
import dev.ferry.http.FerryServer;
import dev.ferry.importer.ChecksummedTreeInput;
import dev.ferry.importer.ImportOptions;
import dev.ferry.importer.Importer;
import dev.ferry.importer.InputKinds;
import dev.ferry.core.Digest;
import dev.ferry.store.Store;
import dev.ferry.testing.OciLayouts;
import dev.ferry.testing.Promtool;
import dev.ferry.testing.Trees;
import dev.ferry.tls.PkiDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * /metrics of a running server with content of every kind: the names monitoring relies on are
 * there, promtool's lint passes on the whole exposition, every metric the shipped rules use
 * exists, labels stay bounded, and imports and verifications by other store users show up.
 */
class MetricsExpositionTest {
    static final List<String> REQUIRED = List.of("ferry_catalog_generation", "ferry_catalog_entries", "ferry_store_bytes",
            "ferry_store_reclaimable_bytes",
            "ferry_import_attempts_total", "ferry_import_last_attempt_timestamp_seconds", "ferry_import_last_success_timestamp_seconds",
            "ferry_bundle_created_timestamp_seconds", "ferry_artifact_updated_timestamp_seconds",
            "ferry_trivy_db_updated_timestamp_seconds", "ferry_trivy_db_next_update_timestamp_seconds", "ferry_verify_failures_total",
            "ferry_verify_last_run_timestamp_seconds", "ferry_http_requests_total");
    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)$");

    @TempDir
    Path tmp;
    FerryServer server;
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private Store start(Map<String, String> extra) throws Exception {
        Map<String, String> flags = new HashMap<>(Map.of("server.host", "127.0.0.1", "server.port", "0",
                "store.reloadInterval", "100ms", "opensearch.clusterVersion", "2.19.4"));
        flags.putAll(extra);
        Store store = Store.create(tmp.resolve("store"));
        server = dev.ferry.app.FerryApp.serve(ConfigLoader.load(null, Map.of(), flags), store);
        return store;
    }

    private HttpResponse<String> get(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String scrape() throws Exception {
        return get("GET", "/metrics").body();
    }

    /** Value of one sample, e.g. {@code ferry_import_attempts_total{result="success"}}; NaN when absent. */
    @Test
    void reclaimableBytesAreWhatGcWouldFree() throws Exception {
        Store store = start(Map.of("store.keepGenerations", "1"));
        publish(store, "notes.txt", "first version");
        publish(store, "notes.txt", "second");
        await(m -> value(m, "ferry_store_reclaimable_bytes") == "first version".length(), "the superseded file reclaimable");
        store.gc(1);
        await(m -> value(m, "ferry_store_reclaimable_bytes") == 0, "nothing reclaimable after gc");
    }

    private static void publish(Store store, String path, String content) throws java.io.IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        try (dev.ferry.store.StoreTransaction txn = store.begin("test")) {
            dev.ferry.core.Digest d = txn.putBlob(path, new java.io.ByteArrayInputStream(bytes), null, -1);
            txn.putFile(dev.ferry.store.CatalogPath.of(path), d, bytes.length, "text/plain", "file", Map.of());
            txn.commit();
        }
    }

    static double value(String exposition, String series) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(series + " ")) return Double.parseDouble(line.substring(series.length() + 1));
        }
        return Double.NaN;
    }

    private String await(Predicate<String> condition, String what) throws Exception {
        String metrics = "";
        for (int i = 0; i < 100; i++) {
            metrics = scrape();
            if (condition.test(metrics)) return metrics;
            Thread.sleep(100);
        }
        return fail(what + " never showed in:\n" + metrics);
    }

    private void importTrivy(Store store) throws IOException {
        OciLayouts l = OciLayouts.create(tmp.resolve("trivy"));
        l.tag(l.trivy(OciLayouts.TRIVY_DB_LAYER, "db.tar.gz",
                OciLayouts.trivyArchive("trivy.db", 2, "2026-11-26T00:00:00Z", "2026-11-27T00:00:00Z")), "2");
        new Importer(store).run(dev.ferry.app.FerryFamilies.all().inputKinds().open(l.write(), null, OciLayouts.options("mirror/trivy-db")), n -> { });
    }

    @Test
    void everyMetricTheIssueAndTheRulesNameIsExportedAndLintClean() throws Exception {
        PkiDirectory pki = new PkiDirectory(tmp.resolve("pki"));
        pki.init("Test CA", List.of("localhost"), List.of(InetAddress.getByName("127.0.0.1")), Duration.ofDays(30),
                Duration.ofDays(10), false);
        Store store = start(Map.of("tls.port", "0", "tls.cert", pki.file(PkiDirectory.SERVER_CERT).toString(),
                "tls.key", pki.file(PkiDirectory.SERVER_KEY).toString()));
        importTrivy(store);
        assertEquals(404, get("GET", "/driver/7.0.0%2Bdriver/x86_64/falco_ubuntu-generic_6.8.0-31-generic_31.ko").statusCode());
        String metrics = await(m -> value(m, "ferry_catalog_generation") == 1, "generation 1");

        Promtool.Result lint = Promtool.run(metrics.getBytes(StandardCharsets.UTF_8), "check", "metrics");
        assertEquals(0, lint.exitCode(), lint.output());
        Set<String> exported = new TreeSet<>();
        Matcher m = SAMPLE.matcher(metrics);
        while (m.find()) exported.add(m.group(1));
        for (String name : REQUIRED) assertTrue(exported.contains(name), name + " missing from:\n" + exported);

        Matcher used = Pattern.compile("\\bferry_[a-z_]+").matcher(Files.readString(PrometheusRulesTest.RULES));
        Set<String> inRules = new TreeSet<>();
        while (used.find()) inRules.add(used.group());
        inRules.removeIf(n -> n.equals("ferry_serve")); // "the ferry serve process" in a description
        assertFalse(inRules.isEmpty());
        for (String name : inRules) assertTrue(exported.contains(name), "the rules use " + name + ", /metrics lacks it");

        assertEquals(1.7956512E9, value(metrics, "ferry_trivy_db_updated_timestamp_seconds{repository=\"aquasec/trivy-db\",tag=\"2\"}"));
        assertEquals(1.7957376E9, value(metrics, "ferry_trivy_db_next_update_timestamp_seconds{repository=\"mirror/trivy-db\",tag=\"2\"}"));
        assertEquals(1.7956512E9, value(metrics, "ferry_artifact_updated_timestamp_seconds{family=\"trivy\",name=\"trivy-db\"}"));
        assertEquals(3, value(metrics, "ferry_catalog_entries{family=\"trivy\",kind=\"manifest\"}"), "one manifest in 3 repositories");
        assertEquals(3, value(metrics, "ferry_catalog_repositories"));
        assertTrue(value(metrics, "ferry_store_bytes") > 0);
        assertEquals(value(metrics, "ferry_catalog_bytes"), value(metrics, "ferry_store_bytes"), "one import: every blob served");
        assertTrue(metrics.contains("\nferry_bundle_created_timestamp_seconds NaN\n"), "no bundle imported: NaN = never, not 1970");
        assertTrue(metrics.contains("\nferry_verify_last_run_timestamp_seconds NaN\n"), "never verified: NaN");
    }

    @Test
    void importsByOtherStoreUsersCountFromTheJournal() throws Exception {
        start(Map.of());
        Store other = Store.create(tmp.resolve("store")); // what `ferry import` in another process opens
        Path tree = Trees.tree(tmp.resolve("tree"), Trees.files("a.txt", "alpha"));
        new Importer(other).run(dev.ferry.testing.Classified.tree(tree, new ImportOptions()), n -> { });
        String metrics = await(m -> value(m, "ferry_import_attempts_total{result=\"success\"}") == 1, "the import");
        double success = value(metrics, "ferry_import_last_success_timestamp_seconds");
        assertEquals(success, value(metrics, "ferry_import_last_attempt_timestamp_seconds"));
        assertTrue(success > 1.7e9, "a Unix time: " + success);

        Files.writeString(tree.resolve("a.txt"), "tampered");
        try {
            new Importer(other).run(dev.ferry.testing.Classified.tree(tree, new ImportOptions()), n -> { });
            fail("a tampered tree imported");
        } catch (IOException refused) {
            // journaled as a failure
        }
        metrics = await(m -> value(m, "ferry_import_attempts_total{result=\"failure\"}") == 1, "the failure");
        assertEquals(success, value(metrics, "ferry_import_last_success_timestamp_seconds"), "a failure is no success");
        assertTrue(value(metrics, "ferry_import_last_attempt_timestamp_seconds") > success);
        assertEquals(0, value(metrics, "ferry_import_attempts_total{result=\"unchanged\"}"));
    }

    @Test
    void httpLabelsStayBoundedWhateverClientsSend() throws Exception {
        start(Map.of());
        for (int i = 0; i < 3; i++) {
            try (Socket s = new Socket("127.0.0.1", server.port())) { // methods java.net.http would refuse to send
                s.getOutputStream().write(("BREW" + i + " /x/" + i + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                s.getInputStream().readAllBytes();
            }
            get("GET", "/some/random/path/" + i);
        }
        get("GET", "/v2/");
        String metrics = scrape();
        Set<String> methods = new TreeSet<>();
        Set<String> routes = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^ferry_http_requests_total\\{(.*)} ").matcher(metrics);
        while (m.find()) {
            Matcher label = Pattern.compile("(method|route)=\"([^\"]*)\"").matcher(m.group(1));
            while (label.find()) (label.group(1).equals("method") ? methods : routes).add(label.group(2));
        }
        assertEquals(Set.of("GET", "OTHER"), methods);
        assertTrue(routes.contains("/v2"), routes.toString());
        for (String r : routes) assertFalse(r.contains("random"), "a request path became a label: " + r);
    }

    @Test
    void anEscapedOrDottedReservedPathCountsUnderTheRouteThatAnswersIt() throws Exception {
        start(Map.of());
        for (String path : List.of("/%76%32/", "/x/../v2/", "/%6D%65%74%72%69%63%73")) get("GET", path);
        String metrics = scrape();
        assertEquals(1, value(metrics, "ferry_http_requests_total{code=\"200\",method=\"GET\",route=\"/v2\"}"), metrics);
        assertEquals(1, value(metrics, "ferry_http_requests_total{code=\"400\",method=\"GET\",route=\"/v2\"}"), "dot segments: " + metrics);
        assertEquals(1, value(metrics, "ferry_http_requests_total{code=\"200\",method=\"GET\",route=\"/metrics\"}"), metrics);
        assertFalse(metrics.contains("route=\"files\""), "the router answered these, not the file route: " + metrics);
    }

    @Test
    void theScrubFeedsTheVerifyMetricsAndTheJournal() throws Exception {
        Store store = Store.create(tmp.resolve("store"));
        Path tree = Trees.tree(tmp.resolve("tree"), Trees.files("a.txt", "alpha", "b.txt", "beta"));
        new Importer(store).run(dev.ferry.testing.Classified.tree(tree, new ImportOptions()), n -> { });
        start(Map.of("scrub.interval", "1s"));
        String metrics = await(m -> value(m, "ferry_verify_runs_total") >= 1, "a scrub run");
        assertEquals(0, value(metrics, "ferry_verify_last_run_problems"));
        assertTrue(value(metrics, "ferry_verify_last_run_timestamp_seconds") > 1.7e9);

        Digest a = Digest.ofBytes("alpha".getBytes(StandardCharsets.UTF_8));
        Path blob = store.root().resolve("blobs/sha256/" + a.hex());
        blob.toFile().setWritable(true);
        Files.writeString(blob, "alphA");
        metrics = await(m -> value(m, "ferry_verify_last_run_problems") > 0, "the damage");
        assertTrue(value(metrics, "ferry_verify_failures_total") >= 2, "the blob and the path it serves");
        var last = dev.ferry.status.Activity.of(store.journal());
        assertEquals("scrub", last.verification().lastSource());
        assertTrue(Files.readString(store.root().resolve("journal.jsonl")).contains("damaged blob"));
    }
}
