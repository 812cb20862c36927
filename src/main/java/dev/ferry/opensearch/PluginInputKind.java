package dev.ferry.opensearch;

import dev.ferry.importer.ImportInput;
import dev.ferry.importer.ImportOptions;
import dev.ferry.importer.InputKind;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Recognises an OpenSearch plugin {@code .zip}, or a directory of them with their siblings. */
public final class PluginInputKind implements InputKind {
    @Override
    public String name() {
        return "opensearch-plugin";
    }

    @Override
    public String description() {
        return "an OpenSearch plugin .zip with its .sha512 (and .sig), or a directory of them";
    }

    @Override
    public boolean recognizes(Path path) {
        if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) return PluginFiles.isZipName(path.getFileName().toString());
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) return false;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(path, "*" + PluginFiles.ZIP_SUFFIX)) {
            return entries.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public ImportInput open(Path path, ImportOptions options) throws IOException {
        return PluginInput.open(path, options);
    }
}
