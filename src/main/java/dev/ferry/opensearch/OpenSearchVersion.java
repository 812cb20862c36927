package dev.ferry.opensearch;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenSearch version as its plugin loader parses one: {@code major.minor.revision} with an
 * optional {@code -alphaN}, {@code -betaN} or {@code -rcN} qualifier; snapshots are refused. It
 * orders like upstream's numeric id (alpha &lt; beta &lt; rc &lt; release).
 */
public record OpenSearchVersion(int major, int minor, int revision, int build) implements Comparable<OpenSearchVersion> {
    static final int RELEASE = 99;
    private static final Pattern FORM = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?:-(alpha|beta|Beta|rc|RC)(\\d{1,2}))?");

    public static OpenSearchVersion parse(String text) {
        if (text == null || text.isEmpty()) throw new IllegalArgumentException("empty version");
        if (text.endsWith("-SNAPSHOT")) throw new IllegalArgumentException("'" + text + "': snapshot versions are not supported by OpenSearch");
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an OpenSearch version (major.minor.revision, optionally -alphaN, -betaN or -rcN)");
        }
        int build = RELEASE;
        if (m.group(4) != null) {
            int n = Integer.parseInt(m.group(5));
            build = switch (m.group(4)) {
                case "alpha" -> n;
                case "beta", "Beta" -> 25 + n;
                default -> 50 + n;
            };
            if (build >= RELEASE) throw new IllegalArgumentException("'" + text + "': qualifier number out of range");
        }
        return new OpenSearchVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), build);
    }

    @Override
    public int compareTo(OpenSearchVersion o) {
        return Long.compare(id(), o.id());
    }

    private long id() {
        return ((long) major * 1_000_000) + minor * 10_000L + revision * 100L + build;
    }

    @Override
    public String toString() {
        String base = major + "." + minor + "." + revision;
        if (build == RELEASE) return base;
        if (build < 25) return base + "-alpha" + build;
        if (build < 50) return base + "-beta" + (build - 25);
        return base + "-rc" + (build - 50);
    }
}
