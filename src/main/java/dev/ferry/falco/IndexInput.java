package dev.ferry.falco;

import dev.ferry.importer.ImportInput;
import dev.ferry.importer.ImportOptions;
import dev.ferry.importer.ImportSink;
import dev.ferry.importer.InputFiles;
import dev.ferry.importer.InputKind;
import dev.ferry.store.CatalogPath;
import dev.ferry.core.Digest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * A falcoctl {@code index.yaml} as an import input, published at {@code <prefix>/<file name>}
 * (e.g. {@code --prefix falcoctl} → {@code /falcoctl/index.yaml}). The file is read once, checked
 * completely, and exactly those bytes are staged. Ferry serves it with {@code registry:}
 * pointed at itself for the repositories it holds (see {@link IndexEndpoint}).
 */
public final class IndexInput implements ImportInput {
    public static final String MEDIA_TYPE = "application/yaml";
    /** The metadata {@code kind} of a published index (drivers use kmod/ebpf). */
    public static final String KIND = "falcoctl-index";

    private final Path file;
    private final CatalogPath target;
    private final byte[] bytes;
    private final Digest digest;
    private final int entries;

    private IndexInput(Path file, CatalogPath target, byte[] bytes, Digest digest, int entries) {
        this.file = file;
        this.target = target;
        this.bytes = bytes;
        this.digest = digest;
        this.entries = entries;
    }

    public static IndexInput open(Path path, ImportOptions options) throws IOException {
        String name = path.getFileName().toString();
        byte[] bytes = InputFiles.readSmall(path, name, FalcoIndex.MAX_BYTES);
        FalcoIndex index = FalcoIndex.parse(bytes, name);
        CatalogPath target = CatalogPath.of(options.prefix(), name);
        return new IndexInput(path, target, bytes, Digest.ofBytes(bytes), index.entries().size());
    }

    @Override
    public String describe() {
        return "falcoctl index " + file.toAbsolutePath().normalize();
    }

    @Override
    public void stage(ImportSink sink) throws IOException {
        sink.putBlob(target.fileName(), () -> new ByteArrayInputStream(bytes), digest, bytes.length);
        sink.putFile(target, digest, bytes.length, MEDIA_TYPE, DriverClassifier.FAMILY,
                Map.of("kind", KIND, "entries", Integer.toString(entries)));
    }

    /** A single {@code .yaml}/{@code .yml} file whose first statement is a list item. */
    public static final class Kind implements InputKind {
        @Override
        public String name() {
            return KIND;
        }

        @Override
        public String description() {
            return "a falcoctl index.yaml (a YAML list of artifact entries)";
        }

        @Override
        public boolean recognizes(Path path) {
            String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
            if (!(name.endsWith(".yaml") || name.endsWith(".yml")) || !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) return false;
            try (InputStream in = InputFiles.openRegular(path, name)) {
                for (String line : new String(in.readNBytes(64 * 1024), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                    String t = line.strip();
                    if (t.isEmpty() || t.startsWith("#") || t.equals("---")) continue;
                    return t.startsWith("- ") || t.equals("-") || t.startsWith("[");
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public ImportInput open(Path path, ImportOptions options) throws IOException {
            return IndexInput.open(path, options);
        }
    }
}
