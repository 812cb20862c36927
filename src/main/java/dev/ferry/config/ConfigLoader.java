package dev.ferry.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds the effective configuration: defaults, then the YAML file, then environment variables,
 * then command-line flags, each overriding the one before. Unknown keys in the file are errors.
 * <p>
 * Environment: {@code FERRY_<SECTION>_<SETTING>} with the setting's name in any case and
 * underscores optional (e.g. {@code FERRY_SERVER_PORT=9090}, {@code FERRY_STORE_KEEP_GENERATIONS=3});
 * {@code FERRY_STORE} alone sets {@code store.path}. A variable that looks like a mistyped setting is
 * an error; other tools' {@code FERRY_*} variables are ignored.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .registerModule(Durations.module())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private static final String ENV_PREFIX = "FERRY_";

    private ConfigLoader() {
    }

    /**
     * @param file      YAML file, or null for none
     * @param env       environment variables (only FERRY_* are read)
     * @param overrides dotted setting name → value, from flags
     */
    public static FerryConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
        ObjectNode tree = YAML.valueToTree(FerryConfig.defaults());
        for (SettingsSection<?> s : SettingsSections.declared()) tree.set(s.name(), YAML.valueToTree(s.defaults()));
        String origin = "defaults";
        if (file != null) {
            origin = file.toString();
            JsonNode fromFile;
            try {
                fromFile = YAML.readTree(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new ConfigException("cannot read config " + file + ": " + e.getMessage(), e);
            }
            if (fromFile != null && !fromFile.isMissingNode() && !fromFile.isNull()) {
                if (!fromFile.isObject()) throw new ConfigException(file + ": the top level must be a mapping of sections");
                merge(tree, (ObjectNode) fromFile, "", file.toString());
            }
        }
        applyEnvironment(tree, env);
        overrides.forEach((key, value) -> {
            if (value != null) set(tree, key, value, "command line");
        });
        Map<String, Object> families = new LinkedHashMap<>();
        for (SettingsSection<?> s : SettingsSections.declared()) {
            families.put(s.name(), bind(tree.remove(s.name()), s.type(), s.name() + ".", origin));
        }
        FerryConfig config = bind(tree, FerryConfig.class, "", origin).withFamilies(new FamilySettings(families)).validate();
        for (SettingsSection<?> s : SettingsSections.declared()) s.check(families.get(s.name()));
        return config;
    }

    /** Binds one section (or, with an empty prefix, the built-in ones), naming the setting at fault. */
    private static <T> T bind(JsonNode tree, Class<T> type, String prefix, String origin) {
        try {
            return YAML.treeToValue(tree, type);
        } catch (InvalidFormatException e) {
            throw new ConfigException(origin + ": setting '" + prefix + path(e) + "' has an invalid value: " + e.getOriginalMessage(), e);
        } catch (MismatchedInputException e) {
            throw new ConfigException(origin + ": setting '" + prefix + path(e) + "' has the wrong type", e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(origin + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The effective configuration as YAML (for `ferry serve --print-config` and docs). */
    public static String toYaml(FerryConfig config) {
        try {
            ObjectNode tree = YAML.valueToTree(config);
            config.families().byName().forEach((name, value) -> tree.set(name, YAML.valueToTree(value)));
            return YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String path(MismatchedInputException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    /** Copies {@code from} onto {@code into}, refusing keys the defaults do not have. */
    private static void merge(ObjectNode into, ObjectNode from, String prefix, String origin) {
        Iterator<Map.Entry<String, JsonNode>> fields = from.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String name = prefix + f.getKey();
            JsonNode known = into.get(f.getKey());
            if (known == null) {
                throw new ConfigException(origin + ": unknown setting '" + name + "' (known here: "
                        + String.join(", ", fieldNames(into)) + ")");
            }
            if (known.isObject()) {
                if (!f.getValue().isObject()) throw new ConfigException(origin + ": '" + name + "' must be a mapping");
                merge((ObjectNode) known, (ObjectNode) f.getValue(), name + ".", origin);
            } else {
                into.set(f.getKey(), f.getValue());
            }
        }
    }

    private static void applyEnvironment(ObjectNode tree, Map<String, String> env) {
        JsonNode defaults = tree.deepCopy();
        env.forEach((name, value) -> {
            if (!name.startsWith(ENV_PREFIX) || value == null) return;
            if (name.equals("FERRY_STORE")) {
                set(tree, "store.path", value, name);
                return;
            }
            List<String> path = resolveEnvName(tree, name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT));
            if (path != null) {
                set(tree, String.join(".", path), value, name);
                return;
            }
            EnvironmentNames.mistypedSetting(defaults, name).ifPresent(closest -> {
                throw new ConfigException("environment variable " + name + " is not a setting; did you mean "
                        + EnvironmentNames.variableFor(closest) + " (" + closest + ")?");
            });
        });
    }

    /** Maps e.g. "server_idle_timeout" onto ["server", "idleTimeout"] using the setting names present. */
    private static List<String> resolveEnvName(JsonNode node, String rest) {
        if (rest.isEmpty()) return node.isObject() ? null : new ArrayList<>();
        if (!node.isObject()) return null;
        for (String field : fieldNames(node)) {
            String flat = field.toLowerCase(Locale.ROOT);
            String remaining = consume(rest, flat);
            if (remaining == null) continue;
            List<String> tail = resolveEnvName(node.get(field), remaining.startsWith("_") ? remaining.substring(1) : remaining);
            if (tail != null) {
                tail.add(0, field);
                return tail;
            }
        }
        return null;
    }

    /** Strips {@code field} from the front of {@code text}, ignoring underscores in text; null if it does not match. */
    private static String consume(String text, String field) {
        int i = 0;
        for (int j = 0; j < field.length(); j++) {
            while (i < text.length() && text.charAt(i) == '_' && j > 0) i++;
            if (i >= text.length() || text.charAt(i) != field.charAt(j)) return null;
            i++;
        }
        String remaining = text.substring(i);
        return remaining.isEmpty() || remaining.startsWith("_") ? remaining : null;
    }

    private static void set(ObjectNode tree, String dotted, String value, String origin) {
        String[] parts = dotted.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (child == null || !child.isObject()) throw new ConfigException(origin + ": unknown setting '" + dotted + "'");
            node = (ObjectNode) child;
        }
        JsonNode leaf = node.get(parts[parts.length - 1]);
        if (leaf == null || leaf.isObject()) throw new ConfigException(origin + ": unknown setting '" + dotted + "'");
        node.set(parts[parts.length - 1], TextNode.valueOf(value));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
