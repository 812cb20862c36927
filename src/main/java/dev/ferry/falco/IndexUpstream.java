package dev.ferry.falco;

import dev.ferry.core.RejectedException;

import java.util.Optional;

/** The falcosecurity index and how one of its entries names an OCI repository. */
public final class IndexUpstream {
    public static final String DEFAULT_URL = "https://falcosecurity.github.io/falcoctl/index.yaml";

    private IndexUpstream() {
    }

    /** The entry named {@code name}. */
    public static FalcoIndex.Entry entry(FalcoIndex index, String name, String url) throws RejectedException {
        Optional<FalcoIndex.Entry> e = index.entries().stream().filter(x -> x.name().equals(name)).findFirst();
        return e.orElseThrow(() -> new RejectedException(url, "the index has no artifact named '" + name + "'"));
    }
}
