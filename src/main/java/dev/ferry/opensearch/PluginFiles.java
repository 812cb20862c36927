package dev.ferry.opensearch;

import dev.ferry.importer.InputFiles;
import dev.ferry.importer.RegularFiles;
import dev.ferry.core.RejectedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One plugin zip on disk with its optional {@code .sha512} and {@code .sig} siblings. An input is
 * either one zip (siblings looked up beside it) or a directory holding only zips and their
 * siblings; links, sub-directories, stray files and orphaned siblings refuse the directory.
 */
public record PluginFiles(Path zip, String fileName, Optional<Path> sha512, Optional<Path> sig) {
    public static final String ZIP_SUFFIX = ".zip";
    static final int MAX_FILES = 10_000;

    /** A zip named as its file is. */
    public PluginFiles(Path zip, Optional<Path> sha512, Optional<Path> sig) {
        this(zip, zip.getFileName().toString(), sha512, sig);
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
        InputFiles.requireRegular(p, p.toString());
        return Optional.of(p);
    }

    private static List<PluginFiles> inDirectory(Path dir) throws IOException {
        Set<String> files = RegularFiles.scan(dir, MAX_FILES).keySet();
        List<PluginFiles> plugins = new ArrayList<>();
        for (String name : files) {
            if (name.contains("/")) {
                throw new RejectedException(name, "in a sub-directory (a plugin directory holds only zips and their .sha512/.sig)");
            } else if (isZipName(name)) {
                plugins.add(new PluginFiles(dir.resolve(name), present(dir, files, name + Sha512File.SUFFIX),
                        present(dir, files, name + PluginSignature.SUFFIX)));
            } else if (name.endsWith(ZIP_SUFFIX + Sha512File.SUFFIX) || name.endsWith(ZIP_SUFFIX + PluginSignature.SUFFIX)) {
                String zip = name.substring(0, name.lastIndexOf('.'));
                if (!files.contains(zip)) throw new RejectedException(name, "no " + zip + " beside it");
            } else {
                throw new RejectedException(name, "not a plugin zip, .zip.sha512 or .zip.sig");
            }
        }
        if (plugins.isEmpty()) throw new RejectedException(dir.toString(), "no plugin .zip files");
        return plugins;
    }

    private static Optional<Path> present(Path dir, Set<String> files, String name) {
        return files.contains(name) ? Optional.of(dir.resolve(name)) : Optional.empty();
    }

    /** Reads a small sibling, refusing one larger than {@code max} bytes without reading it all. */
    static byte[] readSmall(Path file, int max) throws IOException {
        return InputFiles.readSmall(file, file.getFileName().toString(), max);
    }
}
