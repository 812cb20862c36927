package dev.ferry.spec;

import dev.ferry.testing.BundleFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

/** What the spec tests share: a signing key, in-memory upstreams holding the ck8s example's content, and a copy of the example. */
abstract class Ck8sUpstreamCase {
    @TempDir
    Path dir;
    BundleFixture keys;
    FakeUpstream up;
    Ck8sUpstream ck8s;
    Path spec;

    @BeforeEach
    void upstreams() throws Exception {
        keys = new BundleFixture(dir.resolve("fixture"));
        up = new FakeUpstream(dir.resolve("cache"));
        ck8s = new Ck8sUpstream(up, keys.signer);
        Fetchers.use(settings -> up);
        spec = Files.copy(SpecParserTest.EXAMPLE, dir.resolve("ck8s.spec.yaml"));
    }

    @AfterEach
    void noFetcher() {
        Fetchers.use(null);
    }
}
