package dev.ferry.spec;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WantedSpecTest {
    @Test
    void wantedDriversBecomeASpecThatParsesBack() throws Exception {
        String yaml = WantedSpec.yaml(List.of(
                new WantedSpec.Driver("8.0.0+driver", "x86_64", "kmod", "ubuntu-aws", "6.8.0-1015-aws", "15~22.04.1"),
                new WantedSpec.Driver("8.0.0+driver", "x86_64", "kmod", "debian", "6.1.0-18-cloud-amd64", "1"),
                new WantedSpec.Driver("8.0.0+driver", "aarch64", "ebpf", "cos", "5.10.68+", "1")));
        Spec s = SpecParser.parse(yaml.getBytes(StandardCharsets.UTF_8), "wanted.yaml");
        assertEquals(2, s.falco().drivers().size(), yaml);
        Spec.Drivers arm = s.falco().drivers().get(0);
        assertEquals(List.of("aarch64"), arm.archs());
        assertEquals(List.of("ebpf"), arm.kinds());
        assertEquals("5.10.68+", arm.kernels().get(0).kernelRelease());
        Spec.Drivers x86 = s.falco().drivers().get(1);
        assertEquals(List.of("module"), x86.kinds());
        assertEquals("1", x86.kernels().get(1).kernelVersion());
        assertEquals("15~22.04.1", x86.kernels().get(0).kernelVersion());
    }

    @Test
    void noWantedDriversIsAnEmptySpec() throws Exception {
        Spec s = SpecParser.parse(WantedSpec.yaml(List.of()).getBytes(StandardCharsets.UTF_8), "wanted.yaml");
        assertEquals(null, s.falco());
    }

    @Test
    void wantedImagesBecomeTheNextSpecsImages() throws Exception {
        String yaml = WantedSpec.yaml(List.of(), List.of("quay.io/prometheus/node-exporter:v1.8.2", "docker.io/library/redis:7"));
        Spec s = SpecParser.parse(yaml.getBytes(StandardCharsets.UTF_8), "wanted.yaml");
        assertEquals(List.of("docker.io/library/redis:7", "quay.io/prometheus/node-exporter:v1.8.2"), s.images().refs(), yaml);
    }
}
