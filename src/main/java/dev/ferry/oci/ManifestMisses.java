package dev.ferry.oci;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code ferry_oci_manifest_misses_total{upstream}}: manifest requests answered 404 (the image is
 * then in {@code /api/v1/wanted}). The upstream comes from the client's {@code ns=} or path, so
 * past {@link #MAX_UPSTREAMS} distinct values further misses count under "other".
 */
public final class ManifestMisses {
    public static final int MAX_UPSTREAMS = 50;
    static final String OTHER = "other";

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public ManifestMisses(MeterRegistry registry) {
        this.registry = registry;
    }

    public void miss(String upstream) {
        Counter counter = counters.get(upstream);
        if (counter == null) {
            synchronized (counters) {
                String label = counters.size() >= MAX_UPSTREAMS && !counters.containsKey(upstream) ? OTHER : upstream;
                counter = counters.computeIfAbsent(label, l -> Counter.builder("ferry.oci.manifest.misses")
                        .description("Manifest requests the registry answered 404, by upstream host (see /api/v1/wanted)")
                        .tag("upstream", l).register(registry));
            }
        }
        counter.increment();
    }
}
