package dev.ferry.opensearch;

import dev.ferry.importer.InputFiles;
import dev.ferry.core.RejectedException;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Checks a plugin zip the way the OpenSearch installer will read it in the pod (commons-compress,
 * central directory, UTF-8 names), refusing what it would refuse or mis-install: entries escaping
 * the plugin directory, the old {@code opensearch/} wrapper directory, sub-directories of
 * {@code bin/} or {@code config/}, and a missing or invalid root descriptor. Also refuses what a
 * sound plugin never contains (duplicate names, links, backslashes, encrypted or corrupt entries)
 * and bounds entry count and inflated size. Every entry is inflated and its CRC checked, in
 * constant memory.
 */
public final class PluginZip {
    static final int MAX_ENTRIES = 100_000;
    static final long MAX_INFLATED_BYTES = 4L << 30;
    static final int MAX_DESCRIPTOR_BYTES = 64 * 1024;

    private PluginZip() {
    }

    /** @return the root descriptor, once every entry passed */
    public static PluginDescriptor validate(Path zip, String zipName) throws IOException {
        try (FileChannel channel = InputFiles.openChannel(zip, zipName);
             ZipFile file = open(channel, zipName)) {
            Map<String, Seen> seen = new HashMap<>();
            List<String> nestedDescriptors = new ArrayList<>();
            byte[] descriptor = null;
            long inflated = 0;
            int count = 0;
            for (ZipArchiveEntry entry : Collections.list(file.getEntries())) {
                if (++count > MAX_ENTRIES) throw new RejectedException(zipName, "more than " + MAX_ENTRIES + " entries");
                String where = zipName + " entry '" + dev.ferry.core.Printable.of(entry.getName()) + "'";
                String normalised = checkName(entry, where);
                if (normalised.isEmpty()) continue; // "./" and the like: the plugin directory itself
                claim(seen, normalised, entry.isDirectory(), where);
                if (entry.isDirectory()) continue;
                if (entry.getGeneralPurposeBit().usesEncryption()) throw new RejectedException(where, "encrypted");
                if (!file.canReadEntryData(entry)) {
                    throw new RejectedException(where, "compression method " + entry.getMethod() + " cannot be read");
                }
                boolean isDescriptor = normalised.equals(PluginDescriptor.FILE_NAME);
                if (!isDescriptor && normalised.endsWith("/" + PluginDescriptor.FILE_NAME)) nestedDescriptors.add(normalised);
                ByteArrayOutputStream keep = isDescriptor ? new ByteArrayOutputStream() : null;
                inflated += readChecked(file, entry, where, keep, MAX_INFLATED_BYTES - inflated);
                if (isDescriptor) descriptor = keep.toByteArray();
            }
            if (descriptor == null) {
                throw new RejectedException(zipName, "no " + PluginDescriptor.FILE_NAME + " at the root of the zip"
                        + (nestedDescriptors.isEmpty() ? "" : " (found " + nestedDescriptors.get(0)
                        + "; the plugin's files must sit at the root)"));
            }
            try {
                return PluginDescriptor.parse(descriptor);
            } catch (IllegalArgumentException e) {
                throw new RejectedException(zipName + " entry '" + PluginDescriptor.FILE_NAME + "'", e.getMessage());
            }
        }
    }

    private static ZipFile open(FileChannel channel, String zipName) throws IOException {
        try {
            return ZipFile.builder().setSeekableByteChannel(channel).setCharset(StandardCharsets.UTF_8)
                    .setUseUnicodeExtraFields(true).setIgnoreLocalFileHeader(false).get();
        } catch (IOException | RuntimeException e) {
            throw new RejectedException(zipName, "not a readable zip archive: " + e.getMessage());
        }
    }

    /** @return the name as the installer would resolve it under the plugin directory ("" = the directory itself) */
    static String checkName(ZipArchiveEntry entry, String where) throws RejectedException {
        String name = entry.getName();
        if (name.startsWith("opensearch/")) {
            throw new RejectedException(where, "plugin built with the old structure: OpenSearch refuses an intermediate "
                    + "\"opensearch/\" directory; the plugin's files must sit at the root");
        }
        if (name.startsWith("/")) throw new RejectedException(where, "absolute path");
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\') throw new RejectedException(where, "backslash in entry name (a Windows path separator)");
            if (c < 0x20 || c == 0x7f) throw new RejectedException(where, "control character in entry name");
        }
        if (entry.isUnixSymlink()) throw new RejectedException(where, "symbolic link");
        List<String> parts = new ArrayList<>();
        for (String segment : name.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) continue;
            if (segment.equals("..")) {
                if (parts.isEmpty()) throw new RejectedException(where, "resolves outside the plugin directory");
                parts.remove(parts.size() - 1);
            } else {
                parts.add(segment);
            }
        }
        String normalised = String.join("/", parts);
        boolean directory = entry.isDirectory();
        if (!parts.isEmpty() && (parts.get(0).equals("bin") || parts.get(0).equals("config"))) {
            String top = parts.get(0);
            if (parts.size() == 1 && !directory) {
                throw new RejectedException(where, top + " in a plugin must be a directory");
            }
            if (parts.size() > 2 || (parts.size() == 2 && directory)) {
                throw new RejectedException(where, "directories are not allowed in " + top + "/ (OpenSearch refuses the install)");
            }
        }
        return normalised;
    }

    private enum Seen { FILE, DIRECTORY, PARENT_ONLY }

    /** Records a name, refusing a second entry for it and a path that would be both a file and a directory. */
    private static void claim(Map<String, Seen> seen, String name, boolean directory, String where) throws RejectedException {
        Seen before = seen.get(name);
        if (before == Seen.PARENT_ONLY && directory) {
            seen.put(name, Seen.DIRECTORY);
        } else if (before == null) {
            seen.put(name, directory ? Seen.DIRECTORY : Seen.FILE);
        } else if ((before == Seen.FILE) == !directory) {
            throw new RejectedException(where, "duplicate entry (another entry has the same path)");
        } else {
            throw new RejectedException(where, "'" + name + "' is both a file and a directory");
        }
        for (int slash = name.indexOf('/'); slash >= 0; slash = name.indexOf('/', slash + 1)) {
            String parent = name.substring(0, slash);
            if (seen.putIfAbsent(parent, Seen.PARENT_ONLY) == Seen.FILE) {
                throw new RejectedException(where, "'" + parent + "' is both a file and a directory");
            }
        }
    }

    /** Inflates one entry, checking its size and CRC; returns the bytes inflated. */
    private static long readChecked(ZipFile file, ZipArchiveEntry entry, String where, ByteArrayOutputStream keep,
                                    long budget) throws IOException {
        CRC32 crc = new CRC32();
        long total = 0;
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = file.getInputStream(entry)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (total > budget) {
                    throw new RejectedException(where, "the zip inflates to more than " + MAX_INFLATED_BYTES + " bytes");
                }
                if (keep != null) {
                    if (total > MAX_DESCRIPTOR_BYTES) throw new RejectedException(where, "larger than " + MAX_DESCRIPTOR_BYTES + " bytes");
                    keep.write(buf, 0, n);
                }
                crc.update(buf, 0, n);
            }
        } catch (RejectedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new RejectedException(where, "cannot be inflated: " + e.getMessage());
        }
        if (entry.getSize() >= 0 && total != entry.getSize()) {
            throw new RejectedException(where, "inflates to " + total + " bytes, the zip declares " + entry.getSize());
        }
        if (entry.getCrc() >= 0 && crc.getValue() != entry.getCrc()) throw new RejectedException(where, "CRC mismatch (corrupt entry)");
        return total;
    }

}
