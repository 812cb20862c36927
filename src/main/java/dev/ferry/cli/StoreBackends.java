package dev.ferry.cli;

import dev.ferry.config.S3Settings;
import dev.ferry.config.StoreSettings;
import dev.ferry.store.Store;
import dev.ferry.store.s3.BucketSettings;
import dev.ferry.store.s3.S3Stores;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;

/** Opens the store the configuration names, on whichever backend it names. */
final class StoreBackends {
    private StoreBackends() {
    }

    /** True when the configured store exists (its marker file, or its bucket's marker object). */
    static boolean exists(StoreSettings settings) throws IOException {
        return settings.onS3() ? S3Stores.exists(bucket(settings.s3())) : Store.exists(Path.of(settings.path()));
    }

    /** The configured store; created first when {@code create} and absent, else refused when absent. */
    static Store open(StoreSettings settings, boolean create) throws IOException {
        Path dir = Path.of(settings.path());
        if (settings.onS3()) return S3Stores.open(dir, bucket(settings.s3()), create, Clock.systemUTC());
        return create ? Store.create(dir) : Store.open(dir);
    }

    static BucketSettings bucket(S3Settings s) {
        return new BucketSettings(s.endpoint().isEmpty() ? null : URI.create(s.endpoint()), s.bucket(), s.prefix(), s.region(),
                s.pathStyle(), s.caFile().isEmpty() ? null : Path.of(s.caFile()), s.multipartThresholdBytes(), s.cacheBytesValue(),
                s.gcGrace());
    }
}
