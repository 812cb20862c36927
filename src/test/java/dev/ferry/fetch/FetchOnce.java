package dev.ferry.fetch;

import dev.ferry.store.Digest;

import java.net.URI;
import java.nio.file.Path;

/** A connected-side run in its own JVM, for tests that kill it mid-download: URL, cache dir, CA file, sha256. */
public final class FetchOnce {
    private FetchOnce() {
    }

    public static void main(String[] args) throws Exception {
        HttpFetcher f = new HttpFetcher(FetchSettings.defaults(Path.of(args[1])).withCacert(Path.of(args[2])), FetchProgress.NONE);
        System.out.println(f.file("killed run", URI.create(args[0]), Digest.parse(args[3])).digest());
    }
}
