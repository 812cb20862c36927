package dev.ferry.cli;

import dev.ferry.admin.TokenFile;
import dev.ferry.admin.TokenRecord;
import dev.ferry.admin.TokenScope;
import dev.ferry.config.ConfigLoader;
import dev.ferry.http.FerryServer;
import dev.ferry.http.RawUploads;
import dev.ferry.store.Store;
import dev.ferry.tls.PkiDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `ferry import --server` against a real HTTPS server: the upload, its progress, and refusals before sending. */
class RemoteImportTest {
    @TempDir
    Path tmp;

    private Path token(String name, TokenScope scope) throws IOException {
        String token = TokenFile.newToken();
        var all = new java.util.ArrayList<>(TokenFile.read(tmp.resolve("tokens.json")));
        all.add(new TokenRecord(name, TokenFile.hashHex(token), Set.of(scope), Instant.now()));
        TokenFile.write(tmp.resolve("tokens.json"), all);
        return Files.writeString(tmp.resolve(name + ".token"), token + "\n");
    }

    @Test
    void uploadsOverHttpsAndReportsRefusals() throws Exception {
        PkiDirectory pki = new PkiDirectory(tmp.resolve("pki"));
        pki.init("CA", List.of("localhost"), List.of(), Duration.ofDays(2), Duration.ofDays(1), false);
        Path importer = token("importer", TokenScope.IMPORT);
        Path reader = token("reader", TokenScope.READ);
        Store store = Store.create(tmp.resolve("store"));
        var config = ConfigLoader.load(null, Map.of(), Map.of("server.host", "127.0.0.1", "server.port", "0",
                "tls.port", "0", "tls.cert", pki.file("server.crt").toString(), "tls.key", pki.file("server.key").toString(),
                "admin.tokens", tmp.resolve("tokens.json").toString(), "admin.maxUpload", "1MiB"));
        try (FerryServer server = dev.ferry.app.FerryApp.serve(config, store, new RawUploads(store, 0))) {
            URI url = URI.create("https://localhost:" + server.httpsPort());
            Path bundle = Files.write(tmp.resolve("b.bin"), new byte[500_000]);
            AtomicLong sent = new AtomicLong();
            Map<String, Object> report = new RemoteImport(url, importer, pki.file("ca.crt")).upload(bundle, sent::addAndGet);
            assertEquals(1, ((Number) report.get("generation")).intValue(), report.toString());
            assertEquals(500_000L, sent.get());
            assertEquals(1, store.current().number());

            IOException scope = assertThrows(IOException.class,
                    () -> new RemoteImport(url, reader, pki.file("ca.crt")).upload(bundle, n -> { }));
            assertTrue(scope.getMessage().contains("HTTP 403"), scope.getMessage());
            AtomicLong notSent = new AtomicLong();
            Path big = Files.write(tmp.resolve("big.bin"), new byte[2 << 20]);
            IOException tooBig = assertThrows(IOException.class,
                    () -> new RemoteImport(url, importer, pki.file("ca.crt")).upload(big, notSent::addAndGet));
            assertTrue(tooBig.getMessage().contains("HTTP 413"), tooBig.getMessage());
            assertEquals(0, notSent.get(), "refused before a byte was sent (Expect: 100-continue)");
            assertThrows(javax.net.ssl.SSLException.class, () -> new RemoteImport(url, importer, null).upload(bundle, n -> { }),
                    "the JVM's default CAs do not trust the local CA");
            assertEquals(1, store.current().number());
        }
    }

    @Test
    void aRefusalAfterTheFirstBytesReachesTheClientWithItsReason() throws Exception {
        Path importer = token("importer", TokenScope.IMPORT);
        Store store = Store.create(tmp.resolve("store"));
        var config = ConfigLoader.load(null, Map.of(), Map.of("server.host", "127.0.0.1", "server.port", "0",
                "admin.tokens", tmp.resolve("tokens.json").toString(), "admin.maxUpload", "64MiB"));
        // refused from the first bytes, as an unsigned bundle is: long before the client has sent everything
        dev.ferry.http.UploadImporter refuseEarly = (in, source, progress) -> {
            in.readNBytes(1024);
            throw new dev.ferry.core.RejectedException("bundle.tar", "unsigned bundle");
        };
        try (FerryServer server = dev.ferry.app.FerryApp.serve(config, store, refuseEarly)) {
            Path bundle = Files.write(tmp.resolve("unsigned.tar"), new byte[24 << 20]);
            IOException e = assertThrows(IOException.class, () -> new RemoteImport(URI.create("http://127.0.0.1:" + server.port()),
                    importer, null).upload(bundle, n -> { }));
            assertTrue(e.getMessage().contains("HTTP 422") && e.getMessage().contains("bundle.tar: unsigned bundle"), e.getMessage());
            assertEquals(0, store.current().number());
        }
    }
}
