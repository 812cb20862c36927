package dev.ferry.spec;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpecParserTest {
    static final Path EXAMPLE = Path.of("artifacts-layout/examples/ck8s.spec.yaml");

    @Test
    void theCk8sExampleParses() throws Exception {
        Spec s = SpecParser.read(EXAMPLE);
        assertEquals("aquasecurity/trivy-db", s.trivy().db().repository());
        assertEquals(java.util.List.of("mirror.gcr.io/aquasec/trivy-java-db:1"), s.trivy().javadb().mirrors());
        assertEquals(java.util.List.of("2.19.4"), s.opensearch().plugins().get(0).versions());
        assertEquals(3, s.falco().drivers().get(0).kernels().size());
        assertEquals("15~22.04.1", s.falco().drivers().get(0).kernels().get(1).kernelVersion());
        assertEquals(3, s.falco().index().artifacts().size());
        assertEquals("falcoctl/index.yaml", s.falco().index().path());
    }

    @Test
    void unquotedNumbersKeepTheirText() throws Exception {
        Spec s = parse("apiVersion: ferry.spec.v1\nopensearch:\n  plugins:\n    - {name: analysis-icu, versions: [2.10, 3.0.0]}\n"
                + "falco:\n  drivers:\n    - versions: [8.0.0+driver]\n      kernels: [{target: amazonlinux2, kernelRelease: 5.10.0, kernelVersion: 1}]\n");
        assertEquals(java.util.List.of("2.10", "3.0.0"), s.opensearch().plugins().get(0).versions());
        assertEquals("1", s.falco().drivers().get(0).kernels().get(0).kernelVersion());
    }

    @Test
    void anEmptySpecNeedsOnlyItsApiVersion() throws Exception {
        Spec s = parse("apiVersion: ferry.spec.v1\n");
        assertTrue(s.oci().isEmpty() && s.files().isEmpty() && s.trivy() == null);
    }

    @Test
    void anUnknownKeyIsRefusedWithItsLineAndKey() {
        String m = refused("apiVersion: ferry.spec.v1\nopensearch:\n  plugins:\n    - name: repository-s3\n      versoin: 2.19.4\n");
        assertTrue(m.contains("line 5"), m);
        assertTrue(m.contains("key opensearch.plugins[0].versoin"), m);
        assertTrue(m.contains("unknown key 'versoin'"), m);
    }

    @Test
    void anUnknownSectionIsRefused() {
        String m = refused("apiVersion: ferry.spec.v1\nhelm:\n  charts: []\n");
        assertTrue(m.contains("line 2") && m.contains("unknown key 'helm'"), m);
    }

    @Test
    void aWrongShapeNamesLineAndKey() {
        String m = refused("apiVersion: ferry.spec.v1\nfalco:\n  drivers:\n    - versions: [\"8.0.0+driver\"]\n      kernels: ubuntu\n");
        assertTrue(m.contains("line 5"), m);
        assertTrue(m.contains("falco.drivers[0].kernels"), m);
    }

    @Test
    void aMissingRequiredKeyNamesTheEntry() {
        String m = refused("apiVersion: ferry.spec.v1\nopensearch:\n  plugins:\n    - name: repository-s3\n");
        assertTrue(m.contains("opensearch.plugins[0]") && m.contains("'version'"), m);
        m = refused("apiVersion: ferry.spec.v1\nfalco:\n  drivers:\n    - versions: [\"8.0.0+driver\"]\n      kernels:\n        - {target: debian, kernelRelease: 6.1.0}\n");
        assertTrue(m.contains("falco.drivers[0].kernels[0]") && m.contains("'kernelVersion' is required"), m);
        assertTrue(m.contains("line 6"), m);
    }

    @Test
    void aBadKindOrArchIsRefused() {
        String m = refused("apiVersion: ferry.spec.v1\nfalco:\n  drivers:\n    - versions: [\"8\"]\n      kinds: [modern_ebpf]\n      kernels: [{target: a, kernelRelease: b, kernelVersion: c}]\n");
        assertTrue(m.contains("'modern_ebpf' is not module or ebpf"), m);
    }

    @Test
    void aFileNeedsExactlyOneChecksum() {
        String m = refused("apiVersion: ferry.spec.v1\nfiles:\n  - url: https://example.org/a\n    path: tools/a\n");
        assertTrue(m.contains("files[0]") && m.contains("exactly one of 'sha256', 'sha256sums', 'sha512'"), m);
    }

    @Test
    void anInvalidReferenceIsRefusedWithItsLine() {
        String m = refused("apiVersion: ferry.spec.v1\noci:\n  - ref: ghcr.io/Falco/Falco:1\n");
        assertTrue(m.contains("line 3") && m.contains("oci[0]") && m.contains("lowercase"), m);
    }

    @Test
    void theApiVersionIsRequired() {
        assertTrue(refused("trivy: {}\n").contains("apiVersion must be ferry.spec.v1"));
        assertTrue(refused("apiVersion: ferry.spec.v2\n").contains("not 'ferry.spec.v2'"));
    }

    @Test
    void aDuplicateKeyIsRefused() {
        String m = refused("apiVersion: ferry.spec.v1\ntrivy: {}\ntrivy: {}\n");
        assertTrue(m.contains("line 3") && m.contains("trivy"), m);
    }

    static Spec parse(String yaml) throws SpecException {
        return SpecParser.parse(yaml.getBytes(StandardCharsets.UTF_8), "spec.yaml");
    }

    static String refused(String yaml) {
        return assertThrows(SpecException.class, () -> parse(yaml)).getMessage();
    }
}
