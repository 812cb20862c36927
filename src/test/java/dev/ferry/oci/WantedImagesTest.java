package dev.ferry.oci;

import dev.ferry.core.oci.OciMediaTypes;
import dev.ferry.core.Digest;
import dev.ferry.store.Generation;
import dev.ferry.store.OciRepository;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WantedImagesTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void recordsByUpstreamRepositoryAndReferenceWithCounts() {
        WantedImages w = new WantedImages(10);
        w.record("docker.io", "library/nginx", "1.25", T0);
        w.record("docker.io", "library/nginx", "1.25", T0.plusSeconds(5));
        w.record("quay.io", "acme/tool", "sha256:" + "a".repeat(64), T0.plusSeconds(1));
        List<WantedImages.Wanted> all = w.snapshot();
        assertEquals(2, all.size());
        assertEquals("docker.io/library/nginx:1.25", all.get(0).reference());
        assertEquals(2, all.get(0).requests());
        assertEquals(T0, all.get(0).firstSeen());
        assertEquals(T0.plusSeconds(5), all.get(0).lastSeen());
        assertEquals("quay.io/acme/tool@sha256:" + "a".repeat(64), all.get(1).reference());
    }

    @Test
    void boundedTheLeastAskedForMakesRoom() {
        WantedImages w = new WantedImages(2);
        w.record("docker.io", "library/a", "1", T0);
        w.record("docker.io", "library/a", "1", T0);
        w.record("docker.io", "library/b", "1", T0.plusSeconds(1));
        w.record("docker.io", "library/c", "1", T0.plusSeconds(2));
        assertEquals(List.of("docker.io/library/a:1", "docker.io/library/c:1"),
                w.snapshot().stream().map(WantedImages.Wanted::reference).toList());
        assertEquals(1, w.evicted());
    }

    @Test
    void anImportedImageIsNoLongerListed() {
        WantedImages w = new WantedImages(10);
        w.record("docker.io", "library/nginx", "1.25", T0);
        w.record("registry.k8s.io", "pause", "3.9", T0);
        Digest d = Digest.ofBytes(new byte[]{1});
        OciRepository nginx = new OciRepository(Map.of("1.25", d),
                Map.of(d.toString(), new OciRepository.OciManifest(OciMediaTypes.IMAGE_MANIFEST, 1, null, null)), Map.of());
        Generation g = new Generation(2, 1, T0, "t", Map.of(), Map.of("docker.io/library/nginx", nginx));
        assertTrue(WantedImages.servedNow(g, w.snapshot().stream().filter(x -> x.upstream().equals("docker.io")).findFirst().orElseThrow()));
        assertEquals(List.of("registry.k8s.io/pause:3.9"), w.toJson(g, false).stream().map(m -> m.get("reference")).toList());
        List<Map<String, Object>> all = w.toJson(g, true);
        assertEquals(2, all.size());
        assertFalse(all.stream().allMatch(m -> Boolean.TRUE.equals(m.get("servedNow"))));
        assertEquals("3.9", all.stream().filter(m -> m.get("upstream").equals("registry.k8s.io")).findFirst().orElseThrow().get("tag"));
    }
}
