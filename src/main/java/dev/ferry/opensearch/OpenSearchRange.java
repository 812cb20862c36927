package dev.ferry.opensearch;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenSearch versions a plugin declares it runs on, with upstream's semver-range rules: a bare
 * version or {@code =v} matches exactly, {@code ~v} allows later revisions of the same minor,
 * {@code ^v} later minors of the same major, and {@code [a,b]} / {@code (a,b)} (mixed brackets
 * allowed) an explicit interval.
 *
 * @param text  the declaration as written (trimmed), shown to operators
 * @param lower the lowest version the range could admit
 */
public record OpenSearchRange(String text, Operator operator, OpenSearchVersion lower, OpenSearchVersion upper,
                              boolean includeLower, boolean includeUpper) {
    private static final Pattern INTERVAL = Pattern.compile("([\\[(])([\\d.]+)\\s*,\\s*([\\d.]+)([])])");

    public enum Operator { EXACT, TILDE, CARET, INTERVAL }

    public static OpenSearchRange parse(String declared) {
        String text = declared.trim();
        Matcher m = INTERVAL.matcher(text);
        if (m.matches()) {
            OpenSearchVersion lo = OpenSearchVersion.parse(m.group(2));
            OpenSearchVersion hi = OpenSearchVersion.parse(m.group(3));
            if (lo.compareTo(hi) > 0) throw new IllegalArgumentException("'" + text + "': lower bound above upper bound");
            return new OpenSearchRange(text, Operator.INTERVAL, lo, hi, m.group(1).equals("["), m.group(4).equals("]"));
        }
        Operator op = switch (text.isEmpty() ? ' ' : text.charAt(0)) {
            case '~' -> Operator.TILDE;
            case '^' -> Operator.CARET;
            default -> Operator.EXACT;
        };
        String version = op != Operator.EXACT || text.startsWith("=") ? text.substring(1) : text;
        OpenSearchVersion v = OpenSearchVersion.parse(version);
        return switch (op) {
            case TILDE -> new OpenSearchRange(text, op, v, new OpenSearchVersion(v.major(), v.minor() + 1, 0, OpenSearchVersion.RELEASE), true, false);
            case CARET -> new OpenSearchRange(text, op, v, new OpenSearchVersion(v.major() + 1, 0, 0, OpenSearchVersion.RELEASE), true, false);
            default -> new OpenSearchRange(text, Operator.EXACT, v, v, true, true);
        };
    }

    /** True when a cluster running {@code version} would load the plugin. */
    public boolean admits(OpenSearchVersion version) {
        int lo = version.compareTo(lower);
        int hi = version.compareTo(upper);
        return (includeLower ? lo >= 0 : lo > 0) && (includeUpper ? hi <= 0 : hi < 0);
    }

    public boolean exact() {
        return operator == Operator.EXACT;
    }

    @Override
    public String toString() {
        return text;
    }
}
