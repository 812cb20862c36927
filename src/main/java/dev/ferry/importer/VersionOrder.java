package dev.ferry.importer;

import java.util.Comparator;

/**
 * Orders release versions as people read them: numeric parts by number ("2.10" after "2.9"),
 * other parts as text, and a version with a pre-release suffix ("1.0.0-rc1") before the release.
 */
public final class VersionOrder implements Comparator<String> {
    public static final VersionOrder INSTANCE = new VersionOrder();

    private VersionOrder() {
    }

    @Override
    public int compare(String a, String b) {
        String[] x = core(a).split("[.+_]");
        String[] y = core(b).split("[.+_]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String p = i < x.length ? x[i] : "0";
            String q = i < y.length ? y[i] : "0";
            int c = p.matches("\\d{1,18}") && q.matches("\\d{1,18}") ? Long.compare(Long.parseLong(p), Long.parseLong(q)) : p.compareTo(q);
            if (c != 0) return c;
        }
        boolean preA = a.contains("-");
        boolean preB = b.contains("-");
        if (preA != preB) return preA ? -1 : 1;
        return a.compareTo(b);
    }

    private static String core(String v) {
        int dash = v.indexOf('-');
        return dash < 0 ? v : v.substring(0, dash);
    }
}
