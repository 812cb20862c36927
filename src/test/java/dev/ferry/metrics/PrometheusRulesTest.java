package dev.ferry.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ferry.testing.Promtool;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The shipped alert rules: promtool accepts them and passes their unit tests, every alert has a
 * test that shows it firing and one that shows it silent, and the PrometheusRule manifest carries
 * exactly the plain rules file.
 */
class PrometheusRulesTest {
    static final Path DIR = Path.of("deploy/prometheus");
    static final Path RULES = DIR.resolve("ferry-rules.yaml");
    static final Path TESTS = DIR.resolve("ferry-rules.test.yaml");
    static final Path MANIFEST = DIR.resolve("prometheusrule.yaml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** How scripts/e2e/prometheus.sh shortens durations for a test copy: it relies on this shape. */
    private static final Pattern FOR_LINE = Pattern.compile("(?m)^ {8}for: (\\d+[smhd])$");

    /** The PrometheusRule for a plain rules file: a header, then its groups verbatim (comments included) under spec. */
    static String manifestFor(String rules) {
        int groups = rules.indexOf("\ngroups:\n");
        if (groups < 0) throw new IllegalArgumentException("no top-level groups: in the rules file");
        StringBuilder out = new StringBuilder("""
                # The rules of ferry-rules.yaml for the Prometheus Operator. Generated: edit ferry-rules.yaml,
                # run the tests, and copy target/prometheusrule.yaml here when they say so.
                apiVersion: monitoring.coreos.com/v1
                kind: PrometheusRule
                metadata:
                  name: ferry
                  labels:
                    app.kubernetes.io/name: ferry
                    app.kubernetes.io/component: alerts
                spec:
                """);
        for (String line : rules.substring(groups + 1).split("\n", -1)) {
            if (!line.isEmpty()) out.append("  ").append(line);
            out.append('\n');
        }
        return out.toString().replaceAll("\n+$", "\n");
    }

    @Test
    void theManifestCarriesExactlyThePlainRules() throws Exception {
        String expected = manifestFor(Files.readString(RULES));
        String actual = Files.exists(MANIFEST) ? Files.readString(MANIFEST) : "";
        if (!expected.equals(actual)) {
            Path generated = Path.of("target/prometheusrule.yaml");
            Files.createDirectories(generated.getParent());
            Files.writeString(generated, expected);
            fail(MANIFEST + " is not the PrometheusRule of " + RULES + ": copy " + generated + " over it");
        }
        JsonNode manifest = YAML.readTree(MANIFEST.toFile());
        assertEquals(YAML.readTree(RULES.toFile()).get("groups"), manifest.at("/spec/groups"));
        assertEquals("PrometheusRule", manifest.path("kind").asText());
    }

    @Test
    void promtoolAcceptsTheRulesAndPassesTheirTests() throws Exception {
        Promtool.Result check = Promtool.run(null, "check", "rules", RULES.toString());
        assertEquals(0, check.exitCode(), check.output());
        Promtool.Result tests = Promtool.run(null, "test", "rules", TESTS.toString());
        assertEquals(0, tests.exitCode(), tests.output());
        assertTrue(tests.output().contains("SUCCESS"), tests.output());
    }

    @Test
    void everyAlertIsTestedFiringAndSilentAndDocumented() throws IOException {
        Set<String> alerts = new TreeSet<>();
        for (JsonNode rule : rules()) {
            if (!rule.has("alert")) continue;
            String name = rule.get("alert").asText();
            alerts.add(name);
            assertTrue(Set.of("warning", "critical").contains(rule.at("/labels/severity").asText()), name + " severity");
            assertFalse(rule.at("/annotations/summary").asText().isBlank(), name + " summary");
            assertFalse(rule.at("/annotations/description").asText().isBlank(), name + " description");
        }
        Set<String> firing = new TreeSet<>();
        Set<String> silent = new TreeSet<>();
        for (JsonNode test : YAML.readTree(TESTS.toFile()).get("tests")) {
            for (JsonNode t : test.path("alert_rule_test")) {
                (t.path("exp_alerts").isEmpty() ? silent : firing).add(t.get("alertname").asText());
            }
        }
        assertEquals(alerts, firing, "alerts with a firing test");
        assertEquals(alerts, silent, "alerts with a silent test");
    }

    @Test
    void everyForDurationHasTheShapeTheEndToEndCopyRewrites() throws IOException {
        String text = Files.readString(RULES);
        int fors = 0;
        for (JsonNode rule : rules()) if (rule.has("for")) fors++;
        Matcher m = FOR_LINE.matcher(text);
        int matched = 0;
        while (m.find()) matched++;
        assertTrue(fors > 0);
        assertEquals(fors, matched, "every for: is a line '        for: <n><unit>'");
    }

    @Test
    void thresholdsAreOneNumberEachAndUsed() throws IOException {
        String text = Files.readString(RULES);
        List<String> thresholds = new ArrayList<>();
        for (JsonNode rule : rules()) {
            if (!rule.has("record")) continue;
            String name = rule.get("record").asText();
            assertTrue(name.startsWith("ferry:") && name.endsWith("_seconds"), name);
            assertTrue(rule.get("expr").asText().matches("vector\\(\\d+( \\* \\d+)?\\)"), name + ": " + rule.get("expr"));
            thresholds.add(name);
        }
        for (String t : thresholds) {
            assertTrue(text.indexOf(t) != text.lastIndexOf(t), t + " is used by an alert");
        }
    }

    static List<JsonNode> rules() throws IOException {
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode group : YAML.readTree(RULES.toFile()).get("groups")) group.get("rules").forEach(rules::add);
        return rules;
    }
}
