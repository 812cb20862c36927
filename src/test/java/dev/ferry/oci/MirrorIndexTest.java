package dev.ferry.oci;

import dev.ferry.core.oci.UpstreamNames;
import dev.ferry.store.Generation;
import dev.ferry.store.OciRepository;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MirrorIndexTest {
    private static final List<String> NAMES = List.of("docker.io/library/nginx", "docker.io/acme/app", "registry.k8s.io/pause",
            "registry.k8s.io/coredns/coredns", "quay.io/acme/tool", "ghcr.io/acme/tool", "aquasec/trivy-db",
            "aquasecurity/trivy-db", "falcosecurity/rules/falco-rules", "library/busybox");
    private final MirrorIndex index = MirrorIndex.of(generation(NAMES));

    static Generation generation(List<String> names) {
        Map<String, OciRepository> repos = new TreeMap<>();
        names.forEach(n -> repos.put(n, OciRepository.empty()));
        return new Generation(1, 0, Instant.EPOCH, "test", Map.of(), repos);
    }

    private String name(String path, String ns) {
        return index.resolve(path, ns).name();
    }

    @Test
    void nsSelectsTheUpstreamWithDockerHubsLibraryNormalisation() {
        assertEquals("docker.io/library/nginx", name("library/nginx", "docker.io"));
        assertEquals("docker.io/library/nginx", name("nginx", "docker.io"));
        assertEquals("docker.io/library/nginx", name("library/nginx", "index.docker.io"));
        assertEquals("docker.io/acme/app", name("acme/app", "docker.io"));
        assertEquals("registry.k8s.io/pause", name("pause", "registry.k8s.io"));
        assertEquals("registry.k8s.io/coredns/coredns", name("coredns/coredns", "registry.k8s.io"));
        assertEquals("quay.io/acme/tool", name("acme/tool", "quay.io"));
        assertEquals("ghcr.io/acme/tool", name("acme/tool", "ghcr.io"));
        assertNull(name("acme/tool", "docker.io"), "another upstream's repository is not served for docker.io");
        assertNull(name("pause", "docker.io"));
    }

    @Test
    void withoutNsAUniqueMatchAnswers() {
        assertEquals("docker.io/library/nginx", name("library/nginx", null));
        assertEquals("docker.io/library/nginx", name("nginx", null));
        assertEquals("registry.k8s.io/pause", name("pause", null));
        assertEquals("registry.k8s.io/coredns/coredns", name("coredns/coredns", null));
        assertEquals("docker.io/acme/app", name("acme/app", null));
        assertNull(name("absent/thing", null));
    }

    @Test
    void theExplicitFormNamesItsUpstream() {
        assertEquals("quay.io/acme/tool", name("quay.io/acme/tool", null));
        assertEquals("ghcr.io/acme/tool", name("ghcr.io/acme/tool", null));
        assertEquals("docker.io/library/nginx", name("docker.io/nginx", null));
        assertEquals("registry.k8s.io/pause", name("registry.k8s.io/pause", null));
        MirrorIndex.Resolution missing = index.resolve("quay.io/acme/other", null);
        assertFalse(missing.found());
        assertEquals("quay.io", missing.upstream());
        assertEquals("acme/other", missing.path());
    }

    @Test
    void theSamePathFromTwoUpstreamsIsAmbiguous() {
        MirrorIndex.Resolution r = index.resolve("acme/tool", null);
        assertFalse(r.found());
        assertTrue(r.ambiguous());
        assertEquals(List.of("ghcr.io/acme/tool", "quay.io/acme/tool"), r.candidates().stream().sorted().toList());
    }

    @Test
    void plainRepositoriesAreUnaffected() {
        for (String plain : List.of("aquasec/trivy-db", "aquasecurity/trivy-db", "falcosecurity/rules/falco-rules", "library/busybox")) {
            assertEquals(plain, name(plain, null));
            assertEquals(plain, name(plain, "ghcr.io"), "a plain repository answers under any ns, as before");
            assertEquals(plain, name(plain, "docker.io"));
        }
    }

    @Test
    void missesNameTheirUpstreamAndTheDockerHubAssumption() {
        MirrorIndex.Resolution byNs = index.resolve("redis", "docker.io");
        assertEquals("docker.io/library/redis:7", byNs.reference("7"));
        MirrorIndex.Resolution assumed = index.resolve("redis", null);
        assertEquals("docker.io", assumed.upstream());
        assertEquals("docker.io/library/redis@sha256:ab", assumed.reference("sha256:ab"));
        assertEquals("registry.k8s.io", index.resolve("kube-proxy", "registry.k8s.io").upstream());
    }

    @Test
    void aClientNsThatIsNoHostIsIgnored() {
        assertEquals("docker.io/library/nginx", name("nginx", "not a host/!"));
        assertEquals("docker.io/library/nginx", name("nginx", ""));
    }

    @Test
    void upstreamHostsAreRecognisedAsDockerDoes() {
        assertTrue(UpstreamNames.isHost("docker.io"));
        assertTrue(UpstreamNames.isHost("localhost"));
        assertTrue(UpstreamNames.isHost("registry:5000"));
        assertFalse(UpstreamNames.isHost("library"));
        assertNull(UpstreamNames.split("aquasec/trivy-db"));
        assertEquals(new UpstreamNames.Qualified("docker.io", "library/nginx"), UpstreamNames.split("index.docker.io/nginx"));
        assertEquals("docker.io/library/nginx", UpstreamNames.qualify("registry-1.docker.io", "nginx"));
    }
}
