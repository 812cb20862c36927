package dev.ferry.config;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Where the sections beyond config's own come from: the application declares them as a service
 * ({@code META-INF/services}), so that config/ names no family and every caller of
 * {@link ConfigLoader} reads the same sections.
 */
public interface SettingsSections {
    List<SettingsSection<?>> sections();

    /** Every declared section, in the order the providers list them. */
    static List<SettingsSection<?>> declared() {
        return Declared.SECTIONS;
    }

    /** Loaded once: the providers are fixed for the life of the process. */
    final class Declared {
        private static final List<SettingsSection<?>> SECTIONS = load();

        private Declared() {
        }

        private static List<SettingsSection<?>> load() {
            List<SettingsSection<?>> all = new ArrayList<>();
            for (SettingsSections p : ServiceLoader.load(SettingsSections.class, SettingsSections.class.getClassLoader())) {
                all.addAll(p.sections());
            }
            return List.copyOf(all);
        }
    }
}
