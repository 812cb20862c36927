package dev.ferry.bundle;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ManifestProvenanceTest {
    static BundleManifest manifest(List<Provenance> provenance) {
        return new BundleManifest(BundleFormat.FORMAT, "b1", "main", Instant.parse("2026-12-04T10:00:00Z"), null, "test", null,
                List.of(), List.of(), List.of(), Map.of(), Map.of(), List.of(), provenance);
    }

    @Test
    void aManifestWithoutProvenanceIsWrittenAsBefore() {
        String json = new String(manifest(null).toBytes(), StandardCharsets.UTF_8);
        assertFalse(json.contains("provenance"), json);
    }

    @Test
    void provenanceRoundTrips() throws Exception {
        Provenance p = new Provenance("trivy db", "ghcr.io/aquasecurity/trivy-db:2", "sha256:" + "a".repeat(64), List.of("oci-digest"),
                Instant.parse("2026-12-04T09:00:00Z"), List.of("aquasecurity/trivy-db:2"));
        BundleManifest m = BundleManifest.parse(manifest(List.of(p)).toBytes());
        assertEquals(List.of(p), m.provenance());
        assertEquals(List.of(), BundleManifest.parse(manifest(null).toBytes()).provenance());
    }
}
