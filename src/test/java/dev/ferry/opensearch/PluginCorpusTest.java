package dev.ferry.opensearch;

import dev.ferry.importer.ImportOptions;
import dev.ferry.importer.Importer;
import dev.ferry.importer.InputKinds;
import dev.ferry.core.RejectedException;
import dev.ferry.store.Store;
import dev.ferry.testing.Trees;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile and broken plugin zips through the whole import (with a valid .sha512, so only the
 * content is wrong): each is refused naming the entry and the reason, and the store, which
 * already serves a plugin, stays byte-for-byte as it was.
 */
class PluginCorpusTest {
    private static final String ZIP = "demo-1.0.0.zip";
    private static final String DESCRIPTOR = "plugin-descriptor.properties";

    @TempDir
    Path tmp;

    private static Arguments descriptor(String what, UnaryOperator<String> edit, String reason) {
        return Arguments.of(what, (UnaryOperator<List<Map.Entry<String, byte[]>>>) entries -> {
            List<Map.Entry<String, byte[]>> out = new ArrayList<>();
            for (Map.Entry<String, byte[]> e : entries) {
                out.add(e.getKey().equals(DESCRIPTOR) ? new SimpleEntry<>(DESCRIPTOR,
                        edit.apply(new String(e.getValue(), StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1)) : e);
            }
            return out;
        }, ZIP + " entry '" + DESCRIPTOR + "'", reason);
    }

    private static Arguments entry(String what, String name, String reportedEntry, String reason) {
        return Arguments.of(what, (UnaryOperator<List<Map.Entry<String, byte[]>>>) entries -> {
            List<Map.Entry<String, byte[]>> out = new ArrayList<>(entries);
            out.add(new SimpleEntry<>(name, "payload".getBytes(StandardCharsets.UTF_8)));
            return out;
        }, ZIP + " entry '" + reportedEntry + "'", reason);
    }

    static Stream<Arguments> corpus() {
        return Stream.of(
                descriptor("missing name", d -> d.replace("name=demo\n", ""), "property [name] is missing"),
                descriptor("missing classname", d -> d.replace("classname=org.example.TestPlugin\n", ""), "property [classname] is missing"),
                descriptor("missing java.version", d -> d.replace("java.version=17\n", ""), "property [java.version] is missing"),
                descriptor("no OpenSearch version", d -> d.replace("opensearch.version=2.19.4\n", ""), "either [opensearch.version] or [dependencies]"),
                descriptor("unknown key", d -> d + "requires.keystore=true\n", "unknown properties [requires.keystore]"),
                descriptor("bad OpenSearch version", d -> d.replace("opensearch.version=2.19.4", "opensearch.version=2.19.x"), "not an OpenSearch version"),
                descriptor("bad Java version", d -> d.replace("java.version=17", "java.version=17-ea"), "java.version '17-ea'"),
                entry("parent traversal", "../../usr/share/opensearch/lib/evil.jar", "../../usr/share/opensearch/lib/evil.jar", "resolves outside"),
                entry("absolute path", "/etc/passwd", "/etc/passwd", "absolute path"),
                entry("old opensearch/ wrapper", "opensearch/extra.jar", "opensearch/extra.jar", "\"opensearch/\" directory"),
                entry("duplicate entry", "demo-1.0.0.jar", "demo-1.0.0.jar", "duplicate entry"),
                entry("duplicate descriptor", DESCRIPTOR, DESCRIPTOR, "duplicate entry"),
                entry("directory in bin/", "bin/sub/tool", "bin/sub/tool", "directories are not allowed in bin/"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void refusedByEntryAndReasonWithTheStoreUnchanged(String what, UnaryOperator<List<Map.Entry<String, byte[]>>> mutate,
                                                      String entry, String reason) throws Exception {
        Store store = Store.create(tmp.resolve("store"));
        Path good = PluginZips.write(tmp.resolve("good").resolve("other-2.19.4.zip"), PluginZips.plugin("other", "2.19.4", "2.19.4"));
        PluginZips.sha512(good);
        new Importer(store).run(dev.ferry.app.FerryFamilies.all().inputKinds().open(good, null, new ImportOptions()), n -> { });

        Path bad = PluginZips.write(tmp.resolve("bad").resolve(ZIP),
                mutate.apply(new ArrayList<>(PluginZips.plugin("demo", "1.0.0", "2.19.4").entrySet())));
        PluginZips.sha512(bad);
        Map<String, byte[]> before = Trees.snapshot(store.root());
        RejectedException e = assertThrows(RejectedException.class,
                () -> new Importer(store).run(dev.ferry.app.FerryFamilies.all().inputKinds().open(bad, null, new ImportOptions()), n -> { }), what);
        assertEquals(entry, e.entry(), what + ": " + e.getMessage());
        assertTrue(e.reason().contains(reason), what + ": " + e.getMessage());
        Map<String, byte[]> after = Trees.snapshot(store.root());
        assertEquals(before.keySet(), after.keySet(), what);
        before.forEach((k, v) -> assertArrayEquals(v, after.get(k), what + ": " + k));
        assertEquals(1, store.current().number());
    }
}
