package dev.ferry.opensearch;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PluginDescriptorTest {
    private static final String GOOD = PluginZips.descriptor("repository-s3", "2.19.4", "2.19.4");

    private static PluginDescriptor parse(String text) {
        return PluginDescriptor.parse(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void readsTheUpstreamTemplate() {
        PluginDescriptor d = parse("# generated\n" + GOOD + "custom.foldername=\nextended.plugins=\nhas.native.controller=false\n");
        assertEquals("repository-s3", d.name());
        assertEquals("2.19.4", d.version());
        assertTrue(d.range().exact());
        assertEquals("2.19.4", d.range().lower().toString());
        assertEquals("17", d.javaVersion());
        assertEquals("repository-s3-2.19.4.zip", d.zipFileName());
    }

    @Test
    void dependenciesGiveARange() {
        PluginDescriptor d = parse(GOOD.replace("opensearch.version=2.19.4", "dependencies={ opensearch: \"~2.19.0\" }"));
        assertTrue(d.rangeFromDependencies());
        assertFalse(d.range().exact());
        assertEquals("~2.19.0", d.range().text());
        assertEquals("[2.0.0,3.0.0)", parse(GOOD.replace("opensearch.version=2.19.4",
                "dependencies={\"opensearch\": \"[2.0.0,3.0.0)\"}")).range().text());
    }

    /** Each descriptor is one an OpenSearch pod would refuse; the message must say why. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing name          | name=repository-s3\\n=>                         | property [name] is missing
            missing description   | description=A test plugin\\n=>                  | property [description] is missing
            missing version       | version=2.19.4\\n=>                             | property [version] is missing
            missing java.version  | java.version=17\\n=>                            | property [java.version] is missing
            missing classname     | classname=org.example.TestPlugin\\n=>           | property [classname] is missing
            no opensearch version | opensearch.version=2.19.4\\n=>                  | either [opensearch.version] or [dependencies]
            both version kinds    | opensearch.version=2.19.4=>opensearch.version=2.19.4\\ndependencies={opensearch:\\"2.19.4\\"} | only one of
            unknown key           | java.version=17=>java.version=17\\nfoo.bar=1    | unknown properties [foo.bar]
            bad opensearch version| opensearch.version=2.19.4=>opensearch.version=2.19 | opensearch.version of plugin [repository-s3]
            snapshot version      | opensearch.version=2.19.4=>opensearch.version=2.19.4-SNAPSHOT | snapshot
            bad java version      | java.version=17=>java.version=seventeen         | java.version 'seventeen'
            native controller     | java.version=17=>java.version=17\\nhas.native.controller=true | native controller
            two dependencies      | opensearch.version=2.19.4=>dependencies={opensearch:\\"2.19.4\\", security:\\"2.19.4\\"} | exactly one dependency
            foreign dependency    | opensearch.version=2.19.4=>dependencies={elasticsearch:\\"7.10.2\\"} | only opensearch
            two ranges            | opensearch.version=2.19.4=>dependencies={opensearch:\\"~2.18.0,~2.19.0\\"} | exactly one OpenSearch range
            unsafe name           | name=repository-s3=>name=../etc                 | has characters other than
            unsafe version        | version=2.19.4=>version=2.19.4/../x             | has characters other than
            """)
    void refusesWhatOpenSearchRefuses(String what, String edit, String expected) {
        String[] parts = edit.replace("\\n", "\n").replace("\\\"", "\"").split("=>", -1);
        String text = GOOD.replaceFirst(java.util.regex.Pattern.quote(parts[0]), java.util.regex.Matcher.quoteReplacement(parts[1]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(text), what);
        assertTrue(e.getMessage().contains(expected), what + ": " + e.getMessage());
    }
}
