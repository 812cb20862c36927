package dev.ferry.importer;

import dev.ferry.store.CatalogPath;
import dev.ferry.core.RejectedException;

import java.util.List;
import java.util.Set;

/**
 * URLs the server answers itself, so a catalog file there could never be served: the registry
 * under {@code /v2}, the JSON and admin API under {@code /api/v1}, and the probe and scrape paths.
 * Importing such a file is refused rather than published unreachable. The http package's tests
 * check this list against the routes it registers.
 */
public final class ReservedPaths {
    /** Top-level directories (and the file of the same name) that belong to an endpoint. */
    public static final List<String> DIRECTORIES = List.of("v2", "api/v1");
    /** Exact top-level file names that belong to an endpoint. */
    public static final Set<String> FILES = Set.of("metrics", "healthz", "readyz");

    private ReservedPaths() {
    }

    /** Refuses {@code path}, naming it and the reason, when the server could never serve a file there. */
    public static void requireServable(CatalogPath path) throws RejectedException {
        String reason = problem(path);
        if (reason != null) throw new RejectedException(path.value(), reason);
    }

    /** Why the server could never serve a file at {@code path}, or null when it can. */
    public static String problem(CatalogPath path) {
        String p = path.value();
        if (FILES.contains(p)) return "reserved: /" + p + " is the server's own endpoint";
        for (String dir : DIRECTORIES) {
            if (p.equals(dir) || p.startsWith(dir + "/")) return "reserved: /" + dir + " belongs to the server's own endpoints";
        }
        return null;
    }
}
