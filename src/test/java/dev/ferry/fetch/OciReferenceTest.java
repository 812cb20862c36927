package dev.ferry.fetch;

import dev.ferry.core.Digest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OciReferenceTest {
    private static final String D = "sha256:abababababababababababababababababababababababababababababababab";

    @ParameterizedTest
    @CsvSource({
            "nginx, docker.io/library/nginx:latest",
            "nginx:1.27, docker.io/library/nginx:1.27",
            "library/nginx, docker.io/library/nginx:latest",
            "index.docker.io/library/nginx:1, docker.io/library/nginx:1",
            "docker.io/aquasec/trivy-db:2, docker.io/aquasec/trivy-db:2",
            "aquasec/trivy-db:2, docker.io/aquasec/trivy-db:2",
            "ghcr.io/aquasecurity/trivy-db:2, ghcr.io/aquasecurity/trivy-db:2",
            "localhost/app, localhost/app:latest",
            "localhost:5000/a/b/c:v1.0-rc_1, localhost:5000/a/b/c:v1.0-rc_1",
            "127.0.0.1:5000/falcosecurity/plugins/plugin/k8smeta:0.2.1, 127.0.0.1:5000/falcosecurity/plugins/plugin/k8smeta:0.2.1",
            "[::1]:5000/a:t, [::1]:5000/a:t",
            "ghcr.io/a/b__c.d-e---f:x, ghcr.io/a/b__c.d-e---f:x",
    })
    void normalises(String in, String out) {
        assertEquals(out, OciReference.parse(in).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ghcr.io/a/b@" + D, "ghcr.io/a/b:2@" + D, "busybox@" + D})
    void digests(String in) {
        OciReference r = OciReference.parse(in);
        assertEquals(Digest.parse(D), r.digest());
        assertEquals(D, r.manifestReference());
        assertEquals(in.startsWith("busybox") ? "docker.io/library/" + in : in, r.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "library/Upper", "ghcr.io/Upper", "a/-b", "a//b", "a/b:", "a/b:-t", "a/b@sha256:12",
            "a/b@md5:00", "a/b:ttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt", "ghcr.io/a/b_", "https://ghcr.io/a"})
    void refuses(String in) {
        assertThrows(IllegalArgumentException.class, () -> OciReference.parse(in));
    }

    @org.junit.jupiter.api.Test
    void parts() {
        OciReference r = OciReference.parse("ghcr.io/falcosecurity/rules/falco-rules:3");
        assertEquals("ghcr.io", r.host());
        assertEquals("falcosecurity/rules/falco-rules", r.repository());
        assertEquals("3", r.tag());
        assertEquals("3", r.manifestReference());
    }
}
