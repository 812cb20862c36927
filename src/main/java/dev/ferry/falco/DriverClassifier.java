package dev.ferry.falco;

import dev.ferry.importer.FileClassifier;
import dev.ferry.importer.ImportOptions;
import dev.ferry.store.CatalogPath;
import dev.ferry.store.FileEntry;
import dev.ferry.core.RejectedException;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Claims every file under {@code driver/} (below the import prefix) as a Falco driver: the path
 * and file name are parsed into the catalog metadata, and the driver is published a second time
 * without the {@code driver/} segment, so that both repository URLs falcoctl is given in practice
 * ({@code http://host:port/driver} and {@code http://host:port}) find it. A file that does not
 * parse is refused, unless {@link FalcoImportSettings#allowUnparsed()}.
 */
public final class DriverClassifier implements FileClassifier {
    public static final String FAMILY = "falco";

    @Override
    public Optional<Classification> classify(String path, ImportOptions options) throws RejectedException {
        String prefix = options.prefix();
        String relative = prefix.isEmpty() ? path : path.startsWith(prefix + "/") ? path.substring(prefix.length() + 1) : null;
        if (relative == null || !relative.startsWith(DriverPath.ROOT + "/")) return Optional.empty();
        List<String> below = Arrays.asList(relative.substring(DriverPath.ROOT.length() + 1).split("/"));
        boolean allowUnparsed = options.setting(FalcoImportSettings.class).orElse(FalcoImportSettings.defaults()).allowUnparsed();
        DriverPath where;
        try {
            where = DriverPath.of(below);
        } catch (IllegalArgumentException e) {
            if (!allowUnparsed) throw new RejectedException(path, e.getMessage() + " (--allow-unparsed publishes it as it is)");
            return Optional.of(new Classification(FAMILY, FileEntry.DEFAULT_MEDIA_TYPE, Map.of()));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("driverVersion", where.driverVersion());
        metadata.put("arch", where.arch());
        String alias = CatalogPath.of(prefix, where.inRepository()).value();
        try {
            DriverFileName name = DriverFileName.parse(where.fileName());
            String releaseArch = name.releaseArch();
            if (releaseArch != null && !releaseArch.equals(where.arch())) {
                throw new IllegalArgumentException("kernel release " + name.kernelRelease() + " is " + releaseArch
                        + " but the file sits in the " + where.arch() + (where.legacy() ? " (legacy layout)" : "") + " directory");
            }
            metadata.put("kind", name.kind());
            metadata.put("target", name.target());
            metadata.put("kernelRelease", name.kernelRelease());
            metadata.put("kernelVersion", name.kernelVersion());
        } catch (IllegalArgumentException e) {
            if (!allowUnparsed) throw new RejectedException(path, e.getMessage() + " (--allow-unparsed publishes it as it is)");
        }
        return Optional.of(new Classification(FAMILY, FileEntry.DEFAULT_MEDIA_TYPE, metadata, List.of(alias)));
    }
}
