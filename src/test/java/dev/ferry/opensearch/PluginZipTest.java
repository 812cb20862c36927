package dev.ferry.opensearch;

import dev.ferry.core.RejectedException;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PluginZipTest {
    private static final String ZIP = "demo-1.0.0.zip";

    @TempDir
    Path tmp;

    private Map<String, byte[]> good() {
        return PluginZips.plugin("demo", "1.0.0", "2.19.4");
    }

    private void refused(List<Map.Entry<String, byte[]>> entries, String entry, String reason) throws IOException {
        Path zip = PluginZips.write(tmp.resolve("case-" + System.nanoTime() + ".zip"), entries);
        RejectedException e = assertThrows(RejectedException.class, () -> PluginZip.validate(zip, ZIP));
        assertEquals(entry, e.entry(), e.getMessage());
        assertTrue(e.reason().contains(reason), e.getMessage());
    }

    private List<Map.Entry<String, byte[]>> plus(String name, String content) {
        List<Map.Entry<String, byte[]>> list = new ArrayList<>(good().entrySet());
        list.add(new SimpleEntry<>(name, content.getBytes(StandardCharsets.UTF_8)));
        return list;
    }

    @Test
    void acceptsAWellFormedPlugin() throws IOException {
        Path zip = PluginZips.write(tmp.resolve(ZIP), good());
        PluginDescriptor d = PluginZip.validate(zip, ZIP);
        assertEquals("demo", d.name());
        assertEquals("2.19.4", d.range().text());
    }

    @Test
    void acceptsDirectoryEntriesListedAfterTheirFilesAndDotSegmentsThatStayInside() throws IOException {
        List<Map.Entry<String, byte[]>> list = plus("lib/a.jar", "a");
        list.add(new SimpleEntry<>("lib/", new byte[0]));
        list.add(new SimpleEntry<>("lib/x/../b.jar", "b".getBytes(StandardCharsets.UTF_8)));
        list.add(new SimpleEntry<>("./", new byte[0]));
        PluginZip.validate(PluginZips.write(tmp.resolve(ZIP), list), ZIP);
    }

    @Test
    void refusesEntriesEscapingTheRoot() throws IOException {
        refused(plus("../evil.jar", "x"), ZIP + " entry '../evil.jar'", "resolves outside the plugin directory");
        refused(plus("lib/../../evil.jar", "x"), ZIP + " entry 'lib/../../evil.jar'", "resolves outside");
        refused(plus("/etc/cron.d/evil", "x"), ZIP + " entry '/etc/cron.d/evil'", "absolute path");
        // the installer's zip reader turns '\' into '/' for DOS-made entries, so this one escapes too
        refused(plus("..\\evil.jar", "x"), ZIP + " entry '../evil.jar'", "resolves outside");
        // with a '/' in the name the reader keeps the backslash; no sound plugin has one
        refused(plus("lib/sub\\x.jar", "x"), ZIP + " entry 'lib/sub\\x.jar'", "backslash");
    }

    @Test
    void refusesTheOldOpensearchWrapperDirectory() throws IOException {
        List<Map.Entry<String, byte[]>> list = new ArrayList<>();
        good().forEach((k, v) -> list.add(new SimpleEntry<>("opensearch/" + k, v)));
        refused(list, ZIP + " entry 'opensearch/plugin-descriptor.properties'", "intermediate \"opensearch/\" directory");
    }

    @Test
    void refusesDuplicatesAndFileDirectoryClashes() throws IOException {
        refused(plus("plugin-descriptor.properties", PluginZips.descriptor("other", "6.6.6", "2.19.4")),
                ZIP + " entry 'plugin-descriptor.properties'", "duplicate entry");
        refused(plus("./demo-1.0.0.jar", "shadow"), ZIP + " entry './demo-1.0.0.jar'", "duplicate entry");
        refused(plus("demo-1.0.0.jar/x", "x"), ZIP + " entry 'demo-1.0.0.jar/x'", "both a file and a directory");
        List<Map.Entry<String, byte[]>> dirs = plus("lib/", "");
        dirs.add(new SimpleEntry<>("lib/", new byte[0]));
        refused(dirs, ZIP + " entry 'lib/'", "duplicate entry");
    }

    @Test
    void refusesWhatTheInstallerRefusesInBinAndConfig() throws IOException {
        refused(plus("bin", "#!/bin/sh"), ZIP + " entry 'bin'", "bin in a plugin must be a directory");
        refused(plus("bin/tools/run.sh", "#!/bin/sh"), ZIP + " entry 'bin/tools/run.sh'", "directories are not allowed in bin/");
        refused(plus("config/sub/", ""), ZIP + " entry 'config/sub/'", "directories are not allowed in config/");
    }

    @Test
    void refusesAMissingRootDescriptorAndNamesANestedOne() throws IOException {
        Map<String, byte[]> nested = new LinkedHashMap<>();
        good().forEach((k, v) -> nested.put("demo-main/" + k, v));
        refused(new ArrayList<>(nested.entrySet()), ZIP, "found demo-main/plugin-descriptor.properties");
    }

    @Test
    void refusesAnInvalidDescriptorNamingIt() throws IOException {
        Map<String, byte[]> entries = good();
        entries.put("plugin-descriptor.properties", "name=demo\n".getBytes(StandardCharsets.ISO_8859_1));
        refused(new ArrayList<>(entries.entrySet()), ZIP + " entry 'plugin-descriptor.properties'", "property [description] is missing");
    }

    @Test
    void refusesSymlinksAndCorruptEntries() throws IOException {
        Path link = tmp.resolve("link.zip");
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(link)) {
            for (Map.Entry<String, byte[]> e : good().entrySet()) {
                out.putArchiveEntry(new ZipArchiveEntry(e.getKey()));
                out.write(e.getValue());
                out.closeArchiveEntry();
            }
            ZipArchiveEntry l = new ZipArchiveEntry("lib.jar");
            l.setUnixMode(0120777);
            out.putArchiveEntry(l);
            out.write("/etc/passwd".getBytes(StandardCharsets.UTF_8));
            out.closeArchiveEntry();
        }
        RejectedException e = assertThrows(RejectedException.class, () -> PluginZip.validate(link, ZIP));
        assertEquals(ZIP + " entry 'lib.jar'", e.entry());
        assertTrue(e.reason().contains("symbolic link"));

        // flip one byte of a stored (uncompressed) entry's data: its CRC no longer matches
        Path zip = tmp.resolve("corrupt.zip");
        byte[] jar = "A".repeat(5000).getBytes(StandardCharsets.UTF_8);
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
            byte[] descriptor = good().get("plugin-descriptor.properties");
            out.putArchiveEntry(new ZipArchiveEntry("plugin-descriptor.properties"));
            out.write(descriptor);
            out.closeArchiveEntry();
            ZipArchiveEntry stored = new ZipArchiveEntry("demo.jar");
            stored.setMethod(ZipArchiveEntry.STORED);
            out.putArchiveEntry(stored);
            out.write(jar);
            out.closeArchiveEntry();
        }
        byte[] bytes = Files.readAllBytes(zip);
        bytes[indexOf(bytes, jar) + 2500] = 'B';
        Files.write(zip, bytes);
        RejectedException c = assertThrows(RejectedException.class, () -> PluginZip.validate(zip, ZIP));
        assertEquals(ZIP + " entry 'demo.jar'", c.entry(), c.getMessage());
        assertTrue(c.reason().contains("CRC mismatch"), c.getMessage());
    }

    @Test
    void refusesSomethingThatIsNotAZip() throws IOException {
        Path notZip = Files.writeString(tmp.resolve("x.zip"), "<html>404</html>");
        RejectedException e = assertThrows(RejectedException.class, () -> PluginZip.validate(notZip, ZIP));
        assertTrue(e.reason().contains("not a readable zip archive"), e.getMessage());
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new AssertionError("not found");
    }
}
