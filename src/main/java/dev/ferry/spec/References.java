package dev.ferry.spec;

import dev.ferry.fetch.OciReference;
import dev.ferry.store.Digest;

/**
 * Parses {@code [host/]path[:tag][@sha256:…]} as Docker does (docker.io and {@code library/} implied).
 * Stands in for {@code OciReference.parse} until the download layer provides it.
 */
final class References {
    private References() {
    }

    static OciReference parse(String text) {
        String rest = text.trim();
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Digest.parse(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        String host = "docker.io";
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                host = first;
                rest = rest.substring(slash + 1);
            }
        }
        if (host.equals("docker.io") && !rest.contains("/")) rest = "library/" + rest;
        if (rest.isEmpty() || (tag == null && digest == null)) {
            throw new IllegalArgumentException("'" + text + "' is not a reference with a tag or digest (host/repository:tag or @sha256:…)");
        }
        return new OciReference(host, rest, tag, digest);
    }
}
