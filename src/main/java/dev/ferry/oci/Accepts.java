package dev.ferry.oci;

import java.util.List;
import java.util.Locale;

/** Whether a request's Accept headers admit a media type. No header at all admits everything. */
final class Accepts {
    private Accepts() {
    }

    static boolean accepts(List<String> headers, String mediaType) {
        if (headers == null || headers.isEmpty()) return true;
        for (String header : headers) { // the usual case: a plain list that names the type
            if (header.indexOf(';') < 0 && header.contains(mediaType)) return true;
        }
        String type = mediaType.toLowerCase(Locale.ROOT);
        String major = type.substring(0, type.indexOf('/') + 1) + "*";
        for (String header : headers) {
            for (String item : header.split(",")) {
                String[] parts = item.split(";");
                String range = parts[0].trim().toLowerCase(Locale.ROOT);
                if (range.isEmpty() || zeroQuality(parts)) continue;
                if (range.equals("*/*") || range.equals(major) || range.equals(type)) return true;
            }
        }
        return false;
    }

    private static boolean zeroQuality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim().toLowerCase(Locale.ROOT).replace(" ", "");
            if (p.matches("q=0(\\.0{0,3})?")) return true;
        }
        return false;
    }
}
