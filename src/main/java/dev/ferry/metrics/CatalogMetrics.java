package dev.ferry.metrics;

import dev.ferry.status.LiveStatus;
import dev.ferry.store.FileEntry;
import dev.ferry.store.Generation;
import dev.ferry.store.OciRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import java.util.List;
import java.util.Map;
import java.util.HashMap;

/** What the served generation holds and what the store occupies. */
final class CatalogMetrics {
    static final String FILE = "file";
    static final String MANIFEST = "manifest";

    private final MultiGauge entries;

    CatalogMetrics(MeterRegistry registry, LiveStatus status) {
        Gauge.builder("ferry.catalog.generation", status.catalog(), c -> c.current() == null ? 0 : c.current().number())
                .description("Number of the catalog generation being served").register(registry);
        Gauge.builder("ferry.store.generation", status.catalog(), c -> Math.max(0, c.pointed()))
                .description("Generation the store's current pointer named at the last check; above ferry_catalog_generation while a replica has not loaded it")
                .register(registry);
        Gauge.builder("ferry.catalog.repositories", status, s -> s.view().repositories())
                .description("OCI repositories the served generation has").register(registry);
        Gauge.builder("ferry.catalog.bytes", status, s -> s.view().referencedBytes())
                .description("Bytes of the distinct blobs the served generation references").register(registry);
        Gauge.builder("ferry.store.bytes", status, s -> s.usage().bytes())
                .description("Bytes of all blobs in the store, including those only older generations need").register(registry);
        Gauge.builder("ferry.store.blobs", status, s -> s.usage().blobs())
                .description("Blobs in the store, including those only older generations need").register(registry);
        Gauge.builder("ferry.store.reclaimable.bytes", status, s -> s.usage().reclaimableBytes())
                .description("Bytes of blobs that ferry gc with the configured store.keepGenerations would delete: "
                        + "on disk, referenced by no generation it keeps").register(registry);
        entries = MultiGauge.builder("ferry.catalog.entries")
                .description("Entries of the served generation by artifact family: kind=file counts published paths, "
                        + "kind=manifest counts OCI manifests (once per repository serving them)")
                .register(registry);
        status.catalog().onChange(this::update);
    }

    private void update(Generation g) {
        Map<List<String>, Integer> counts = new HashMap<>();
        for (FileEntry f : g.files().values()) counts.merge(List.of(f.family(), FILE), 1, Integer::sum);
        for (OciRepository repo : g.repositories().values()) {
            for (OciRepository.OciManifest m : repo.manifests().values()) counts.merge(List.of(m.family(), MANIFEST), 1, Integer::sum);
        }
        List<MultiGauge.Row<?>> rows = counts.entrySet().stream().<MultiGauge.Row<?>>map(e ->
                MultiGauge.Row.of(Tags.of("family", e.getKey().get(0), "kind", e.getKey().get(1)), e.getValue())).toList();
        entries.register(rows, true);
    }
}
