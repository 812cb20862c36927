package dev.ferry.opensearch;

import dev.ferry.store.RejectedException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One plugin zip on disk with its optional {@code .sha512} and {@code .sig} siblings. An input is
 * either one zip (siblings looked up beside it) or a directory holding only zips and their
 * siblings; links, sub-directories, stray files and orphaned siblings refuse the directory.
 */
public record PluginFiles(Path zip, Optional<Path> sha512, Optional<Path> sig) {
    public static final String ZIP_SUFFIX = ".zip";

    public String fileName() {
        return zip.getFileName().toString();
    }

    public static boolean isZipName(String name) {
        return name.endsWith(ZIP_SUFFIX) && name.length() > ZIP_SUFFIX.length();
    }

    /** The plugin file sets of {@code input}, in file name order. */
    public static List<PluginFiles> find(Path input) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(input, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attrs.isDirectory()) return inDirectory(input);
        if (!attrs.isRegularFile()) throw new RejectedException(input.toString(), "not a regular file (a link does not count)");
        String name = input.getFileName().toString();
        if (!isZipName(name)) throw new RejectedException(input.toString(), "not a .zip file");
        return List.of(new PluginFiles(input, sibling(input, name + Sha512File.SUFFIX), sibling(input, name + PluginSignature.SUFFIX)));
    }

    private static Optional<Path> sibling(Path zip, String name) throws IOException {
        Path p = zip.resolveSibling(name);
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) throw new RejectedException(p.toString(), "not a regular file (a link does not count)");
        return Optional.of(p);
    }

    private static List<PluginFiles> inDirectory(Path dir) throws IOException {
        TreeMap<String, Path> files = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    throw new RejectedException(name, Files.isSymbolicLink(p) ? "symbolic link"
                            : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "sub-directory (a plugin directory holds only zips and their .sha512/.sig)"
                            : "not a regular file");
                }
                files.put(name, p);
            }
        }
        List<PluginFiles> plugins = new ArrayList<>();
        for (String name : files.keySet()) {
            if (isZipName(name)) {
                plugins.add(new PluginFiles(files.get(name), Optional.ofNullable(files.get(name + Sha512File.SUFFIX)),
                        Optional.ofNullable(files.get(name + PluginSignature.SUFFIX))));
            } else if (name.endsWith(ZIP_SUFFIX + Sha512File.SUFFIX) || name.endsWith(ZIP_SUFFIX + PluginSignature.SUFFIX)) {
                String zip = name.substring(0, name.lastIndexOf('.'));
                if (!files.containsKey(zip)) throw new RejectedException(name, "no " + zip + " beside it");
            } else {
                throw new RejectedException(name, "not a plugin zip, .zip.sha512 or .zip.sig");
            }
        }
        if (plugins.isEmpty()) throw new RejectedException(dir.toString(), "no plugin .zip files");
        return plugins;
    }

    /** Reads a small sibling, refusing one larger than {@code max} bytes without reading it all. */
    static byte[] readSmall(Path file, int max) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes(max + 1);
            if (bytes.length > max) throw new RejectedException(file.getFileName().toString(), "larger than " + max + " bytes");
            return bytes;
        }
    }
}
