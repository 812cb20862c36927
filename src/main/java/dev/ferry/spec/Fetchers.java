package dev.ferry.spec;

import dev.ferry.fetch.ConsoleProgress;
import dev.ferry.fetch.FetchSettings;
import dev.ferry.fetch.Fetcher;
import dev.ferry.fetch.HttpFetcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@link Fetcher} the spec commands use: the HTTP/OCI fetcher with its progress on stderr;
 * tests put an in-memory upstream in its place, or give the commands an environment (proxies) of their own.
 */
public final class Fetchers {
    private static final Function<FetchSettings, Fetcher> HTTP = settings -> {
        try {
            return new HttpFetcher(settings, ConsoleProgress.forStderr());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    };
    private static volatile Function<FetchSettings, Fetcher> factory = HTTP;
    private static volatile Map<String, String> environment;

    private Fetchers() {
    }

    public static Fetcher open(FetchSettings settings) throws IOException {
        try {
            return factory.apply(settings);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Replaces the HTTP fetcher (tests); null restores it. */
    public static void use(Function<FetchSettings, Fetcher> f) {
        factory = f == null ? HTTP : f;
    }

    /** The environment the download settings are read from: the process's, unless a test gave one. */
    public static Map<String, String> environment() {
        Map<String, String> env = environment;
        return env != null ? env : System.getenv();
    }

    /** Replaces the process environment for the download settings (tests); null restores it. */
    public static void useEnvironment(Map<String, String> env) {
        environment = env == null ? null : Map.copyOf(env);
    }
}
