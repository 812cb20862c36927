package dev.ferry.opensearch;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plugin's {@code plugin-descriptor.properties}, read with the rules OpenSearch applies when it
 * installs and loads the plugin, so that a descriptor the pod would refuse is refused at import.
 *
 * @param range the OpenSearch versions it runs on, from {@code opensearch.version} or {@code dependencies}
 * @param rangeFromDependencies true when declared through {@code dependencies} rather than {@code opensearch.version}
 */
public record PluginDescriptor(String name, String description, String version, OpenSearchRange range,
                               boolean rangeFromDependencies, String javaVersion, String classname) {
    public static final String FILE_NAME = "plugin-descriptor.properties";

    /** Keys some OpenSearch release understands; anything else makes the loader refuse the plugin. */
    private static final Set<String> KNOWN = Set.of("name", "description", "version", "opensearch.version",
            "dependencies", "java.version", "classname", "custom.foldername", "extended.plugins",
            "has.native.controller", "plugin.dependencies");
    /** Name and version become URL path segments and a file name, so only this alphabet. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");
    private static final Pattern JAVA_VERSION = Pattern.compile("\\d+(\\.\\d+)*");
    /** {@code { opensearch: "~2.19.0" }} with the key quoted or not, the only dependency upstream allows. */
    private static final Pattern DEPENDENCIES = Pattern.compile("\\{\\s*(\"?)([A-Za-z0-9_.-]+)\\1\\s*:\\s*\"([^\"]*)\"\\s*}");

    /** @throws IllegalArgumentException with the reason the descriptor would be refused */
    public static PluginDescriptor parse(byte[] content) {
        Properties props = new Properties();
        try {
            props.load(new ByteArrayInputStream(content));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a properties file: " + e.getMessage());
        }
        Map<String, String> values = new HashMap<>();
        for (String key : props.stringPropertyNames()) values.put(key, props.getProperty(key));

        String name = values.get("name");
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("property [name] is missing");
        if (!SAFE.matcher(name).matches()) {
            throw new IllegalArgumentException("name '" + name + "' has characters other than letters, digits and . _ + -");
        }
        String description = required(values, "description", name);
        String version = required(values, "version", name);
        if (!SAFE.matcher(version).matches()) {
            throw new IllegalArgumentException("version '" + version + "' of plugin [" + name
                    + "] has characters other than letters, digits and . _ + -");
        }
        String osVersion = values.get("opensearch.version");
        String dependencies = values.get("dependencies");
        boolean hasVersion = osVersion != null && !osVersion.isBlank();
        boolean hasDependencies = dependencies != null && !dependencies.isBlank();
        if (hasVersion == hasDependencies) {
            throw new IllegalArgumentException(hasVersion
                    ? "only one of [opensearch.version] or [dependencies] may be given for plugin [" + name + "]"
                    : "either [opensearch.version] or [dependencies] must be given for plugin [" + name + "]");
        }
        OpenSearchRange range;
        try {
            range = OpenSearchRange.parse(hasVersion ? osVersion : opensearchDependency(dependencies));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException((hasVersion ? "opensearch.version" : "dependencies") + " of plugin ["
                    + name + "]: " + e.getMessage());
        }
        String javaVersion = required(values, "java.version", name);
        if (!JAVA_VERSION.matcher(javaVersion).matches()) {
            throw new IllegalArgumentException("java.version '" + javaVersion + "' of plugin [" + name
                    + "] is not a sequence of numbers separated by '.'");
        }
        String classname = required(values, "classname", name);
        String nativeController = values.get("has.native.controller");
        if (nativeController != null && !nativeController.equals("false")) {
            throw new IllegalArgumentException(nativeController.equals("true")
                    ? "plugin [" + name + "] has a native controller, which OpenSearch refuses to install"
                    : "has.native.controller must be true, false or absent, was '" + nativeController + "'");
        }
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(KNOWN);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown properties " + unknown + " (OpenSearch refuses a descriptor with keys it does not know)");
        }
        return new PluginDescriptor(name, description, version, range, hasDependencies, javaVersion, classname);
    }

    private static String required(Map<String, String> values, String key, String plugin) {
        String v = values.get(key);
        if (v == null) throw new IllegalArgumentException("property [" + key + "] is missing for plugin [" + plugin + "]");
        return v;
    }

    private static String opensearchDependency(String dependencies) {
        Matcher m = DEPENDENCIES.matcher(dependencies.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("exactly one dependency, written { opensearch: \"<range>\" }, is allowed; was "
                    + dependencies.trim());
        }
        if (!m.group(2).equals("opensearch")) {
            throw new IllegalArgumentException("only opensearch is allowed as a plugin dependency, was " + m.group(2));
        }
        String value = m.group(3).trim();
        // upstream: an interval keeps its comma; otherwise a comma would mean a second range
        if (!value.startsWith("[") && !value.startsWith("(") && value.contains(",")) {
            throw new IllegalArgumentException("exactly one OpenSearch range is allowed, was " + value);
        }
        return value;
    }

    /** The file name both the air-gapped guide and the upstream layout use. */
    public String zipFileName() {
        return name + "-" + version + ".zip";
    }
}
