package dev.ferry.store.s3;

import dev.ferry.store.CatalogStoreContract;
import dev.ferry.store.Store;
import dev.ferry.testing.S3ProxyServer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** The object-storage backend against the catalog store contract, on a real S3 server (S3Proxy). */
class S3CatalogStoreContractTest extends CatalogStoreContract {
    static final S3ProxyServer s3 = S3ProxyServer.shared();


    @Override
    protected Store newStore(Path stateDir) throws IOException {
        return S3Stores.open(stateDir, s3.settings(s3.createBucket(), "ferry/", Duration.ofHours(1)), true, Clock.systemUTC());
    }
}
