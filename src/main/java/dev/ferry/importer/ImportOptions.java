package dev.ferry.importer;

import dev.ferry.store.CatalogPath;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Settings shared by every input kind, plus settings an input kind defines for itself (keyed by
 * their type, so a kind adds its own without touching this class). Each setter returns this.
 */
public final class ImportOptions {
    private String prefix = "";
    private boolean replace;
    private final Map<Class<?>, Object> kindSettings = new HashMap<>();

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

    /**
     * When true, paths under the prefix that the input does not contain are unpublished; for OCI
     * input, the input's tags become the only tags of each repository it publishes.
     */
    public boolean replace() {
        return replace;
    }

    public ImportOptions replace(boolean value) {
        this.replace = value;
        return this;
    }

    /** A copy, to place one input of several differently (its own prefix or repository). */
    public ImportOptions copy() {
        ImportOptions c = new ImportOptions();
        c.prefix = prefix;
        c.replace = replace;
        c.kindSettings.putAll(kindSettings);
        return c;
    }

    /** Sets the settings of type {@code type} that one input kind reads (e.g. its trusted keys). */
    public <T> ImportOptions with(Class<T> type, T value) {
        kindSettings.put(type, type.cast(value));
        return this;
    }

    public <T> Optional<T> setting(Class<T> type) {
        return Optional.ofNullable(type.cast(kindSettings.get(type)));
    }
}
