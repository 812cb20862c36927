package dev.ferry.oci;

import dev.ferry.serving.RequestPaths;

import java.util.Arrays;
import java.util.List;

/**
 * A distribution API request path, split into what it asks for. Repository names may contain
 * slashes, so the operation is recognised from the end of the path, as distribution does.
 *
 * @param name      repository name (null for the base and catalog endpoints)
 * @param reference tag or digest (manifests), digest (blobs, referrers), else null
 */
record RegistryRoute(Kind kind, String name, String reference) {
    enum Kind { BASE, CATALOG, MANIFEST, BLOB, UPLOAD, TAGS, REFERRERS, UNKNOWN }

    static RegistryRoute parse(String rawPath) throws RequestPaths.BadPathException {
        RequestPaths.Decoded decoded = RequestPaths.decode(rawPath);
        List<String> s = decoded.path() == null ? List.of() : Arrays.asList(decoded.path().value().split("/"));
        if (s.isEmpty() || !s.get(0).equals("v2")) return new RegistryRoute(Kind.UNKNOWN, null, null);
        List<String> rest = s.subList(1, s.size());
        int n = rest.size();
        if (n == 0) return new RegistryRoute(Kind.BASE, null, null);
        if (n == 1 && rest.get(0).equals("_catalog")) return new RegistryRoute(Kind.CATALOG, null, null);
        if (n >= 3 && rest.get(n - 2).equals("blobs") && rest.get(n - 1).equals("uploads")) return of(Kind.UPLOAD, rest, n - 2, null);
        if (n >= 4 && rest.get(n - 3).equals("blobs") && rest.get(n - 2).equals("uploads")) return of(Kind.UPLOAD, rest, n - 3, null);
        if (n >= 3) {
            String op = rest.get(n - 2);
            String last = rest.get(n - 1);
            switch (op) {
                case "manifests": return of(Kind.MANIFEST, rest, n - 2, last);
                case "blobs": return of(Kind.BLOB, rest, n - 2, last);
                case "referrers": return of(Kind.REFERRERS, rest, n - 2, last);
                case "tags": if (last.equals("list")) return of(Kind.TAGS, rest, n - 2, null); break;
                default: break;
            }
        }
        return new RegistryRoute(Kind.UNKNOWN, null, null);
    }

    private static RegistryRoute of(Kind kind, List<String> rest, int nameEnd, String reference) {
        return new RegistryRoute(kind, String.join("/", rest.subList(0, nameEnd)), reference);
    }
}
