package dev.ferry.falco;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WantedListTest {
    static DriverPath.DriverRequest request(String path) {
        return DriverPath.request(List.of(path.split("/")));
    }

    @Test
    void oneRecordPerDriverWhateverTheLayout() {
        WantedList w = new WantedList(10);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        w.record(request("driver/7.0.0+driver/x86_64/falco_cos_5.10.68+_1.o"), "driver/7.0.0+driver/x86_64/falco_cos_5.10.68+_1.o", t0);
        w.record(request("7.0.0+driver/x86_64/falco_cos_5.10.68+_1.o"), "7.0.0+driver/x86_64/falco_cos_5.10.68+_1.o", t0.plusSeconds(5));
        w.record(request("mirror/7.0.0+driver/falco_cos_5.10.68+_1.o"), "mirror/7.0.0+driver/falco_cos_5.10.68+_1.o", t0.plusSeconds(6));
        List<WantedList.Wanted> all = w.snapshot();
        assertEquals(2, all.size(), "the legacy layout is another path a client needs");
        WantedList.Wanted first = all.get(0);
        assertEquals("driver/7.0.0+driver/x86_64/falco_cos_5.10.68+_1.o", first.path());
        assertEquals(2, first.requests());
        assertEquals(t0, first.firstSeen());
        assertEquals(t0.plusSeconds(5), first.lastSeen());
        assertEquals("driver/7.0.0+driver/falco_cos_5.10.68+_1.o", all.get(1).path());
    }

    @Test
    void atCapacityTheLeastAskedForMakesRoom() {
        WantedList w = new WantedList(3);
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 3; i++) w.record(request(debian(i)), "x", t.plusSeconds(i));
        w.record(request(debian(0)), "x", t.plusSeconds(10));
        w.record(request(debian(3)), "x", t.plusSeconds(11)); // 1 goes: asked once, longest ago
        w.record(request(debian(4)), "x", t.plusSeconds(12)); // then 2
        assertEquals(List.of("6.1.0-1-amd64", "6.1.4-1-amd64", "6.1.3-1-amd64"),
                w.snapshot().stream().map(x -> x.name().kernelRelease()).toList());
        assertEquals(2, w.snapshot().get(0).requests());
        assertEquals(2, w.evicted());
    }

    private static String debian(int i) {
        return "7.0.0+driver/x86_64/falco_debian_6.1." + i + "-1-amd64_1.ko";
    }

    @Test
    void missLabelSetsAreCapped() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FalcoMetrics m = new FalcoMetrics(registry, new dev.ferry.store.LiveCatalog(null), new WantedList(10));
        for (int i = 0; i < FalcoMetrics.MAX_MISS_LABEL_SETS + 50; i++) m.miss(request("7.0.0+driver/x86_64/falco_t" + i + "_6.1.0_1.ko"));
        m.miss(request("7.0.0+driver/x86_64/falco_t0_6.1.0_1.ko"));
        assertEquals(FalcoMetrics.MAX_MISS_LABEL_SETS + 1, registry.find("ferry.falco.driver.misses").counters().size());
        assertEquals(50, registry.get("ferry.falco.driver.misses").tag("target", "other").counter().count());
        assertEquals(2, registry.get("ferry.falco.driver.misses").tag("target", "t0").counter().count());
    }
}
