package dev.ferry.spec;

import dev.ferry.fetch.Fetcher;

import java.util.function.Supplier;

/**
 * The {@link Fetcher} the spec commands use. The download layer registers its HTTP/OCI fetcher
 * here; tests register an in-memory one.
 */
public final class Fetchers {
    private static volatile Supplier<Fetcher> factory = () -> {
        throw new IllegalStateException("this build has no download layer: no fetcher is registered");
    };

    private Fetchers() {
    }

    public static Fetcher open() {
        return factory.get();
    }

    public static void use(Supplier<Fetcher> f) {
        factory = f;
    }
}
