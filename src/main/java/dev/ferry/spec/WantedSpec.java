package dev.ferry.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The drivers and container images clients asked a Ferry for and did not get, as a
 * {@code ferry.spec.v1} file: a spec of its own, and what a spec's {@code falco.drivers[].kernelsFrom} reads.
 */
public final class WantedSpec {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    /** One wanted driver; {@code kind} as Ferry's catalog names it ({@code kmod} or {@code ebpf}). */
    public record Driver(String driverVersion, String arch, String kind, String target, String kernelRelease, String kernelVersion) {
    }

    private WantedSpec() {
    }

    public static String yaml(List<Driver> wanted) {
        return yaml(wanted, List.of());
    }

    /** @param images container image references clients asked for and did not get, for the spec's images section */
    public static String yaml(List<Driver> wanted, List<String> images) {
        Map<String, List<Map<String, String>>> groups = new TreeMap<>();
        Map<String, Driver> firstOf = new TreeMap<>();
        for (Driver d : wanted) {
            String kind = d.kind().equals("ebpf") ? "ebpf" : "module";
            String group = d.driverVersion() + "\t" + d.arch() + "\t" + kind;
            Map<String, String> kernel = new LinkedHashMap<>();
            kernel.put("target", d.target());
            kernel.put("kernelRelease", d.kernelRelease());
            kernel.put("kernelVersion", d.kernelVersion());
            List<Map<String, String>> kernels = groups.computeIfAbsent(group, g -> new ArrayList<>());
            if (!kernels.contains(kernel)) kernels.add(kernel);
            firstOf.putIfAbsent(group, d);
        }
        List<Map<String, Object>> drivers = new ArrayList<>();
        groups.forEach((group, kernels) -> {
            String[] k = group.split("\t");
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("versions", List.of(k[0]));
            entry.put("archs", List.of(k[1]));
            entry.put("kinds", List.of(k[2]));
            entry.put("kernels", kernels);
            drivers.add(entry);
        });
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("apiVersion", Spec.API_VERSION);
        if (!drivers.isEmpty()) spec.put("falco", Map.of("drivers", drivers));
        if (!images.isEmpty()) spec.put("images", Map.of("refs", new java.util.TreeSet<>(images)));
        try {
            return "# Falco drivers and container images clients asked for and did not get (ferry wanted --output spec)\n"
                    + YAML.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
