package dev.ferry.fetch;

import dev.ferry.core.Digest;

import java.net.URI;
import java.nio.file.Path;

/**
 * A connected-side run in its own JVM, for tests that kill it or need a fresh JVM: URL, cache dir, CA file, sha256,
 * and optionally the HTTPS_PROXY value.
 */
public final class FetchOnce {
    private FetchOnce() {
    }

    public static void main(String[] args) throws Exception {
        HttpFetcher f = new HttpFetcher(FetchSettings.defaults(Path.of(args[1])).withCacert(Path.of(args[2]))
                .withProxyEnv(args.length > 4 ? java.util.Map.of("HTTPS_PROXY", args[4]) : java.util.Map.of()), FetchProgress.NONE);
        System.out.println(f.file("killed run", URI.create(args[0]), Digest.parse(args[3])).digest());
    }
}
