package dev.ferry.opensearch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * How strictly plugin inputs are checked; carried in {@code ImportOptions}. Without it an import
 * trusts only the built-in OpenSearch key and requires a {@code .sha512}. Key files are read when
 * a plugin input is opened, so a bad key file never disturbs other kinds of import.
 *
 * @param trustBuiltInKey    whether OpenSearch's pre-3.0 release key shipped with Ferry counts
 * @param keyFiles           further OpenPGP public key files a {@code .sig} may come from
 * @param requireSignature   refuse a zip without {@code .sig}
 * @param allowMissingSha512 accept a zip without {@code .sha512} (Ferry then computes the digest it serves)
 */
public record PluginImportSettings(boolean trustBuiltInKey, List<Path> keyFiles, boolean requireSignature,
                                   boolean allowMissingSha512) {

    public PluginImportSettings {
        keyFiles = List.copyOf(keyFiles);
    }

    public static PluginImportSettings defaults() {
        return new PluginImportSettings(true, List.of(), false, false);
    }

    TrustedKeys trust() throws IOException {
        return TrustedKeys.load(trustBuiltInKey, keyFiles);
    }
}
