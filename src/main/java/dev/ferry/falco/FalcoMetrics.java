package dev.ferry.falco;

import dev.ferry.store.Generation;
import dev.ferry.store.LiveCatalog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code ferry_falco_drivers{driver_version,arch,kind}}: drivers served (recomputed when a
 * generation is loaded); {@code ferry_falco_driver_misses_total{driver_version,arch,target}}:
 * driver requests answered 404; {@code ferry_falco_drivers_wanted}: distinct drivers asked for
 * and still not served. Request paths come from clients, so the miss label sets are capped:
 * past {@link #MAX_MISS_LABEL_SETS} distinct ones, further misses count under "other".
 */
public final class FalcoMetrics {
    public static final int MAX_MISS_LABEL_SETS = 200;
    static final String OTHER = "other";

    private final MeterRegistry registry;
    private final MultiGauge drivers;
    private final Map<List<String>, Counter> misses = new ConcurrentHashMap<>();

    public FalcoMetrics(MeterRegistry registry, LiveCatalog catalog, WantedList wanted) {
        this.registry = registry;
        drivers = MultiGauge.builder("ferry.falco.drivers")
                .description("Falco drivers served (each once, whichever URL layouts publish it), by driver version, architecture and kind")
                .register(registry);
        Gauge.builder("ferry.falco.drivers.wanted", () -> stillWanted(catalog, wanted))
                .description("Distinct Falco drivers clients asked for that the served generation does not have (see /api/v1/wanted)")
                .register(registry);
        catalog.onChange(this::update);
    }

    private static long stillWanted(LiveCatalog catalog, WantedList wanted) {
        Generation g = catalog.current();
        return g == null ? 0 : wanted.snapshot().stream().filter(w -> !g.files().containsKey(w.lastRequested())).count();
    }

    private void update(Generation g) {
        drivers.register(FalcoCatalog.coverage(g).stream().<MultiGauge.Row<?>>map(c -> MultiGauge.Row.of(
                Tags.of("driver_version", c.driverVersion(), "arch", c.arch(), "kind", c.kind()), c.drivers())).toList(), true);
    }

    /** Counts one 404 for a driver request. */
    public void miss(DriverPath.DriverRequest request) {
        List<String> labels = List.of(request.path().driverVersion(), request.path().arch(), request.name().target());
        Counter counter = misses.get(labels);
        if (counter == null) {
            synchronized (misses) {
                if (misses.size() >= MAX_MISS_LABEL_SETS && !misses.containsKey(labels)) labels = List.of(OTHER, OTHER, OTHER);
                counter = misses.computeIfAbsent(labels, this::counter);
            }
        }
        counter.increment();
    }

    private Counter counter(List<String> labels) {
        return Counter.builder("ferry.falco.driver.misses")
                .description("Falco driver requests answered 404 (the node then compiles the driver or runs without it)")
                .tags("driver_version", labels.get(0), "arch", labels.get(1), "target", labels.get(2))
                .register(registry);
    }
}
