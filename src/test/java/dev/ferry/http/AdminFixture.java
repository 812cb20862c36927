package dev.ferry.http;

import dev.ferry.admin.TokenFile;
import dev.ferry.admin.TokenRecord;
import dev.ferry.admin.TokenScope;
import dev.ferry.config.ConfigLoader;
import dev.ferry.importer.ChecksummedTreeInput;
import dev.ferry.importer.ImportOptions;
import dev.ferry.importer.Importer;
import dev.ferry.store.JournalEntry;
import dev.ferry.store.Store;
import dev.ferry.testing.Trees;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A store with two generations, a token file, and a server with the admin API on; HTTP helpers. */
final class AdminFixture implements AutoCloseable {
    final Path dir;
    final Store store;
    final Path tokenFile;
    final Map<String, String> tokens = new HashMap<>();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    FerryServer server;

    AdminFixture(Path dir) throws IOException {
        this.dir = dir;
        store = Store.create(dir.resolve("store"));
        importTree("g1", "a.txt", "one");
        importTree("g2", "a.txt", "two");
        tokenFile = dir.resolve("tokens.json");
        add("importer", TokenScope.IMPORT);
        add("roller", TokenScope.ROLLBACK);
        add("reader", TokenScope.READ);
        add("gone", TokenScope.IMPORT, TokenScope.READ, TokenScope.ROLLBACK);
        revoke("gone");
    }

    void importTree(String name, String... pathsAndContents) throws IOException {
        new Importer(store).run(dev.ferry.testing.Classified.tree(Trees.tree(dir.resolve(name), Trees.files(pathsAndContents)),
                new ImportOptions()), n -> { });
    }

    void add(String name, TokenScope... scopes) throws IOException {
        String token = TokenFile.newToken();
        List<TokenRecord> all = new ArrayList<>(TokenFile.read(tokenFile));
        all.add(new TokenRecord(name, TokenFile.hashHex(token), EnumSet.copyOf(List.of(scopes)), Instant.now()));
        TokenFile.write(tokenFile, all);
        tokens.put(name, token);
    }

    void revoke(String name) throws IOException {
        TokenFile.write(tokenFile, TokenFile.read(tokenFile).stream().filter(t -> !t.name().equals(name)).toList());
    }

    FerryServer start(UploadImporter uploads, String... settings) throws IOException {
        Map<String, String> flags = new HashMap<>(Map.of("server.host", "127.0.0.1", "server.port", "0",
                "store.reloadInterval", "100ms", "admin.tokens", tokenFile.toString(), "admin.maxUpload", "1MiB"));
        for (int i = 0; i < settings.length; i += 2) flags.put(settings[i], settings[i + 1]);
        return server = dev.ferry.app.FerryApp.serve(ConfigLoader.load(null, Map.of(), flags), store, uploads);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    HttpResponse<String> send(String method, String path, String token, HttpRequest.BodyPublisher body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).method(method, body).timeout(Duration.ofSeconds(30));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String token, byte[] body) throws Exception {
        return send("POST", path, token, HttpRequest.BodyPublishers.ofByteArray(body));
    }

    HttpResponse<String> get(String path, String token) throws Exception {
        return send("GET", path, token, HttpRequest.BodyPublishers.noBody());
    }

    /** Fails unless the store holds exactly the files and bytes of {@code before} (the journal aside). */
    void assertUnchanged(Map<String, byte[]> before) throws IOException {
        Map<String, byte[]> now = dev.ferry.testing.Trees.snapshot(store.root());
        org.junit.jupiter.api.Assertions.assertEquals(before.keySet(), now.keySet(), "store files");
        before.forEach((k, v) -> org.junit.jupiter.api.Assertions.assertArrayEquals(v, now.get(k), k));
    }

    /** Admin audit lines, oldest first. */
    List<JournalEntry> audit() throws IOException {
        return store.journal().tail(10_000, e -> "admin".equals(e.action()));
    }

    /** Waits for the audit line of the {@code n}th admin request (they are written after the response). */
    List<JournalEntry> awaitAudit(int n) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30); // generous: CI runs suites side by side
        while (audit().size() < n && System.nanoTime() < deadline) Thread.sleep(50);
        return audit();
    }

    @Override
    public void close() {
        if (server != null) server.close();
    }
}
