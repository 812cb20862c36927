package dev.ferry.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** The values of the declared {@link SettingsSection}s, by section name, in declaration order. */
public final class FamilySettings {
    private final Map<String, Object> byName;

    FamilySettings(Map<String, Object> byName) {
        this.byName = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    }

    /** Every declared section at its defaults. */
    public static FamilySettings defaults() {
        Map<String, Object> values = new LinkedHashMap<>();
        for (SettingsSection<?> s : SettingsSections.declared()) values.put(s.name(), s.defaults());
        return new FamilySettings(values);
    }

    Map<String, Object> byName() {
        return byName;
    }

    /** The one section of type {@code type}; IllegalArgumentException when no section of that type is declared. */
    public <T> T get(Class<T> type) {
        for (Object value : byName.values()) {
            if (type.isInstance(value)) return type.cast(value);
        }
        throw new IllegalArgumentException("no settings section of type " + type.getSimpleName() + " is declared");
    }

    /** A copy with the section {@code name} set to {@code value} (for tests and flags). */
    public FamilySettings with(String name, Object value) {
        Map<String, Object> values = new LinkedHashMap<>(byName);
        values.put(name, value);
        return new FamilySettings(values);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FamilySettings other && byName.equals(other.byName);
    }

    @Override
    public int hashCode() {
        return byName.hashCode();
    }

    @Override
    public String toString() {
        return byName.toString();
    }
}
