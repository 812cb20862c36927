package dev.ferry.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Renders a {@link DirectoryListing}: an HTML page in the spirit of nginx's autoindex (name,
 * publish date, exact size, plus the digest), or JSON for programs. Names are HTML-escaped and
 * links percent-encoded, so no file name can inject markup or a link elsewhere.
 */
final class ListingPages {
    static final String HTML = "text/html; charset=utf-8";
    static final String JSON = "application/json";
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final int NAME_COLUMN = 50;

    private ListingPages() {
    }

    static String html(DirectoryListing listing) {
        String title = "Index of " + PathEncoding.html(listing.displayPath());
        StringBuilder out = new StringBuilder(256 + listing.children().size() * 160);
        out.append("<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"><title>").append(title)
                .append("</title></head>\n<body>\n<h1>").append(title).append("</h1><hr><pre>");
        if (!listing.directory().isEmpty()) out.append("<a href=\"../\">../</a>\n");
        for (DirectoryListing.Child child : listing.children()) {
            String name = child.isDirectory() ? child.name() + "/" : child.name();
            String href = PathEncoding.segment(child.name()) + (child.isDirectory() ? "/" : "");
            out.append("<a href=\"").append(PathEncoding.html(href)).append("\">").append(PathEncoding.html(name)).append("</a>");
            out.append(" ".repeat(Math.max(1, NAME_COLUMN - name.codePointCount(0, name.length()))));
            if (child.isDirectory()) {
                out.append(String.format(Locale.ROOT, "%-23s %14s%n", "-", "-"));
            } else {
                out.append(String.format(Locale.ROOT, "%s UTC %14d  %s%n", DATE.format(child.file().publishedAt()),
                        child.file().size(), child.file().digest()));
            }
        }
        out.append("</pre><hr><p>generation ").append(listing.generation()).append("</p>\n</body>\n</html>\n");
        return out.toString();
    }

    static String json(DirectoryListing listing) {
        JsonArray entries = new JsonArray();
        for (DirectoryListing.Child child : listing.children()) {
            JsonObject e = new JsonObject().put("name", child.name())
                    .put("type", child.isDirectory() ? "directory" : "file")
                    .put("href", PathEncoding.segment(child.name()) + (child.isDirectory() ? "/" : ""));
            if (!child.isDirectory()) {
                e.put("size", child.file().size())
                        .put("digest", child.file().digest().toString())
                        .put("mediaType", child.file().mediaType())
                        .put("lastModified", child.file().publishedAt().toString());
            }
            entries.add(e);
        }
        return new JsonObject().put("path", listing.displayPath()).put("generation", listing.generation())
                .put("entries", entries).encodePrettily() + "\n";
    }

    /** True when the client asked for JSON at least as much as for HTML (Accept: application/json). */
    static boolean wantsJson(String accept) {
        if (accept == null) return false;
        double json = 0;
        double html = 0;
        for (String range : accept.split(",")) {
            String[] params = range.split(";");
            String type = params[0].trim().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int i = 1; i < params.length; i++) {
                String p = params[i].trim();
                if (p.startsWith("q=") || p.startsWith("Q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2).trim());
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (type.equals("application/json")) json = Math.max(json, q);
            if (type.equals("text/html")) html = Math.max(html, q);
        }
        return json > 0 && json >= html;
    }
}
