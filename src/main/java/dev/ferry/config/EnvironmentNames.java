package dev.ferry.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Tells a mistyped {@code FERRY_*} setting from another tool's variable: a variable that is no
 * setting but starts with a section's name, or is a few letters away from a setting, is a typo
 * that would otherwise be ignored silently, so it is refused with the closest setting named.
 */
final class EnvironmentNames {
    /** Variables Ferry reads that are not settings (launcher, debugging, signing). */
    static final Set<String> NOT_SETTINGS = Set.of("FERRY_CONFIG", "FERRY_DEBUG", "FERRY_LOG_LEVEL", "FERRY_JAVA_OPTS",
            "FERRY_JAR", "FERRY_SIGN_KEY_PASSPHRASE");
    private static final int TYPO_DISTANCE = 2;

    private EnvironmentNames() {
    }

    /** The closest setting when {@code variable} (no setting itself) looks like a mistyped one; empty for another tool's variable. */
    static Optional<String> mistypedSetting(JsonNode defaults, String variable) {
        if (NOT_SETTINGS.contains(variable)) return Optional.empty();
        String typed = flat(variable.substring("FERRY_".length()));
        List<String> settings = new ArrayList<>();
        collect(defaults, "", settings);
        String closest = null;
        int best = Integer.MAX_VALUE;
        for (String s : settings) {
            int d = distance(typed, flat(s));
            if (d < best) {
                best = d;
                closest = s;
            }
        }
        boolean namesASection = settings.stream().map(s -> flat(s.substring(0, s.indexOf('.'))))
                .anyMatch(section -> typed.startsWith(section) || distance(typed.substring(0, Math.min(typed.length(), section.length())), section) <= 1);
        return closest != null && (best <= TYPO_DISTANCE || namesASection) ? Optional.of(closest) : Optional.empty();
    }

    /** The environment variable that sets a dotted setting: {@code store.keepGenerations} → {@code FERRY_STORE_KEEP_GENERATIONS}. */
    static String variableFor(String setting) {
        return "FERRY_" + setting.replace('.', '_').replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    private static void collect(JsonNode node, String prefix, List<String> out) {
        node.fieldNames().forEachRemaining(f -> {
            JsonNode child = node.get(f);
            if (child.isObject()) collect(child, prefix + f + ".", out);
            else out.add(prefix + f);
        });
    }

    private static String flat(String name) {
        return name.toLowerCase(Locale.ROOT).replace("_", "").replace(".", "");
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
