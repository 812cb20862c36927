package dev.ferry.opensearch;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds plugin zips for tests, including malformed ones (duplicate names, traversal…). */
final class PluginZips {
    private PluginZips() {
    }

    static String descriptor(String name, String version, String opensearchVersion) {
        return "description=A test plugin\nversion=" + version + "\nname=" + name
                + "\nclassname=org.example.TestPlugin\njava.version=17\nopensearch.version=" + opensearchVersion + "\n";
    }

    /** A well-formed plugin: descriptor, a jar, a bin script and a config file. */
    static Map<String, byte[]> plugin(String name, String version, String opensearchVersion) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("plugin-descriptor.properties", descriptor(name, version, opensearchVersion).getBytes(StandardCharsets.ISO_8859_1));
        byte[] jar = new byte[20_000];
        new java.util.Random(name.hashCode()).nextBytes(jar);
        entries.put(name + "-" + version + ".jar", jar);
        entries.put("plugin-security.policy", "grant { };\n".getBytes(StandardCharsets.UTF_8));
        entries.put("config/", new byte[0]);
        entries.put("config/" + name + ".yml", "setting: 1\n".getBytes(StandardCharsets.UTF_8));
        return entries;
    }

    /** Writes entries in order; a name ending in '/' is a directory. Duplicates are written as given. */
    static Path write(Path zip, Iterable<Map.Entry<String, byte[]>> entries) throws IOException {
        Files.createDirectories(zip.toAbsolutePath().getParent());
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
            for (Map.Entry<String, byte[]> e : entries) {
                ZipArchiveEntry entry = new ZipArchiveEntry(e.getKey());
                out.putArchiveEntry(entry);
                if (!e.getKey().endsWith("/")) out.write(e.getValue());
                out.closeArchiveEntry();
            }
        }
        return zip;
    }

    static Path write(Path zip, Map<String, byte[]> entries) throws IOException {
        return write(zip, entries.entrySet());
    }

    /** Writes {@code <zip>.sha512} in the upstream form. */
    static Path sha512(Path zip) throws IOException {
        Path file = zip.resolveSibling(zip.getFileName() + ".sha512");
        Files.writeString(file, sha512Hex(Files.readAllBytes(zip)) + "  " + zip.getFileName() + "\n");
        return file;
    }

    static String sha512Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
