package dev.ferry.opensearch;

import dev.ferry.store.CatalogPath;

import java.util.List;

/**
 * Where a plugin is published: at the flat path of the air-gapped guides
 * ({@code <name>-<version>.zip}) and at OpenSearch's own layout
 * ({@code releases/plugins/<name>/<version>/<name>-<version>.zip}), both under the import prefix,
 * both the same blob, each with {@code .sha512} and (when signed) {@code .sig} beside it.
 */
public final class PluginLayout {
    public static final String UPSTREAM_ROOT = "releases/plugins";

    private PluginLayout() {
    }

    public static String flatPath(String name, String version) {
        return name + "-" + version + PluginFiles.ZIP_SUFFIX;
    }

    public static String upstreamPath(String name, String version) {
        return UPSTREAM_ROOT + "/" + name + "/" + version + "/" + flatPath(name, version);
    }

    static List<CatalogPath> zipPaths(String prefix, String name, String version) {
        return List.of(CatalogPath.of(prefix, flatPath(name, version)), CatalogPath.of(prefix, upstreamPath(name, version)));
    }

    static CatalogPath sibling(CatalogPath zip, String suffix) {
        return zip.resolveSibling(zip.fileName() + suffix);
    }
}
