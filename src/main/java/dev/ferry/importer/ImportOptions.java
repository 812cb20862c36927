package dev.ferry.importer;

import dev.ferry.store.CatalogPath;

/** Settings shared by every input kind. Each setter returns this, for chaining. */
public final class ImportOptions {
    private String prefix = "";
    private boolean replace;

    /** Directory the input's paths are published under ("" = top level). */
    public String prefix() {
        return prefix;
    }

    public ImportOptions prefix(String value) {
        String p = value == null ? "" : value.replaceAll("^/+|/+$", "");
        if (!p.isEmpty()) CatalogPath.of(p); // validates
        this.prefix = p;
        return this;
    }

    /** When true, paths under the prefix that the input does not contain are unpublished. */
    public boolean replace() {
        return replace;
    }

    public ImportOptions replace(boolean value) {
        this.replace = value;
        return this;
    }
}
