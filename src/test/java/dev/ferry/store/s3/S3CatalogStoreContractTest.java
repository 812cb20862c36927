package dev.ferry.store.s3;

import dev.ferry.store.CatalogStoreContract;
import dev.ferry.store.Store;
import dev.ferry.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** The object-storage backend against the catalog store contract, on a real S3 server (S3Proxy). */
class S3CatalogStoreContractTest extends CatalogStoreContract {
    @TempDir
    static Path serverDir;
    static S3ProxyServer s3;

    @BeforeAll
    static void startServer() throws Exception {
        S3ProxyServer.useTestCredentials();
        s3 = S3ProxyServer.start(serverDir);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (s3 != null) s3.close();
    }

    @Override
    protected Store newStore(Path stateDir) throws IOException {
        return S3Stores.open(stateDir, s3.settings(s3.createBucket(), "ferry/", Duration.ofHours(1)), true, Clock.systemUTC());
    }
}
