package dev.ferry.config;

import java.util.function.Consumer;

/**
 * A configuration section that config/ does not define itself (a family's): its top-level YAML
 * key, its type (bound like the built-in sections), its defaults and its check.
 *
 * @param validate throws {@link ConfigException} naming the first setting out of range
 */
public record SettingsSection<T>(String name, Class<T> type, T defaults, Consumer<T> validate) {

    /** Binds and checks {@code value}, which must be this section's type. */
    void check(Object value) {
        validate.accept(type.cast(value));
    }
}
