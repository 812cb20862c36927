package dev.ferry.oci;

import dev.ferry.importer.InputFiles;
import dev.ferry.core.RejectedException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.tar.TarFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A layout packed in an uncompressed tar (as {@code oras backup} or {@code skopeo copy … oci-archive:}
 * write it), read in place with random access: nothing is unpacked to disk. Entry names may start
 * with "./". Links, devices, sparse files, absolute names, ".." and duplicate names refuse it.
 */
final class TarLayout implements LayoutSource {
    private final Path file;
    private final TarFile tar;
    private final Map<String, TarArchiveEntry> entries;
    private final Map<String, Long> files;

    private TarLayout(Path file, TarFile tar, Map<String, TarArchiveEntry> entries) {
        this.file = file;
        this.tar = tar;
        this.entries = entries;
        Map<String, Long> sizes = new TreeMap<>();
        entries.forEach((name, e) -> sizes.put(name, e.getSize()));
        this.files = Collections.unmodifiableMap(sizes);
    }

    static TarLayout open(Path file) throws IOException {
        String where = file.getFileName().toString();
        java.nio.channels.FileChannel channel = InputFiles.openChannel(file, where);
        long length = channel.size();
        TarFile tar;
        try {
            tar = new TarFile(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw new RejectedException(where, "not a readable tar: " + e.getMessage());
        }
        try {
            Map<String, TarArchiveEntry> entries = new TreeMap<>();
            Set<String> seen = new HashSet<>();
            int count = 0;
            for (TarArchiveEntry e : tar.getEntries()) {
                String raw = e.getName();
                if (++count > MAX_ENTRIES) throw new RejectedException(where, "more than " + MAX_ENTRIES + " entries");
                String name = normalise(raw);
                if (name.isEmpty()) continue; // the "./" entry of the root
                if (!seen.add(name)) throw new RejectedException(raw, "appears twice in the tar");
                if (e.isDirectory()) continue;
                checkType(e, raw);
                if (e.getSize() < 0 || e.getDataOffset() + e.getSize() > length) {
                    throw new RejectedException(raw, "declares " + e.getSize() + " bytes but the tar ends before them");
                }
                entries.put(name, e);
            }
            return new TarLayout(file, tar, entries);
        } catch (IOException | RuntimeException e) {
            tar.close();
            throw e instanceof RejectedException r ? r : new RejectedException(where, "unreadable tar: " + e.getMessage());
        }
    }

    private static String normalise(String raw) throws RejectedException {
        String name = raw;
        while (name.startsWith("./")) name = name.substring(2);
        if (name.endsWith("/")) name = name.substring(0, name.length() - 1);
        if (name.isEmpty() || name.equals(".")) return "";
        if (name.startsWith("/")) throw new RejectedException(raw, "absolute path in tar");
        if (name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) throw new RejectedException(raw, "backslash or NUL in tar name");
        for (String segment : name.split("/", -1)) {
            if (segment.equals("..")) throw new RejectedException(raw, "path traversal ('..') in tar");
            if (segment.isEmpty() || segment.equals(".")) throw new RejectedException(raw, "non-canonical tar name");
        }
        return name;
    }

    private static void checkType(TarArchiveEntry e, String raw) throws RejectedException {
        if (e.isSymbolicLink()) throw new RejectedException(raw, "symbolic link in tar");
        if (e.isLink()) throw new RejectedException(raw, "hard link in tar");
        if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) throw new RejectedException(raw, "device or FIFO in tar");
        if (e.isSparse() || e.isGNUSparse() || e.isOldGNUSparse() || e.isPaxGNUSparse() || e.isStarSparse()) {
            throw new RejectedException(raw, "sparse file in tar");
        }
        byte flag = e.getLinkFlag();
        if (flag != TarConstants.LF_NORMAL && flag != TarConstants.LF_OLDNORM && flag != TarConstants.LF_CONTIG) {
            throw new RejectedException(raw, "unsupported tar entry type '" + (char) flag + "'");
        }
    }

    @Override
    public String describe() {
        return "OCI layout tar " + file.toAbsolutePath().normalize();
    }

    @Override
    public InputStream open(String path) throws IOException {
        TarArchiveEntry e = entries.get(path);
        if (e == null) throw new RejectedException(path, "missing");
        return new BoundedInputStream(tar.getInputStream(e), e.getSize());
    }

    @Override
    public Map<String, Long> files() {
        return files;
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }
}
