package dev.ferry.core.http;

import java.util.ArrayList;
import java.util.List;

/** Entity-tag lists as in If-Match / If-None-Match (RFC 9110 §8.8.3), and the two ways to compare them. */
final class EntityTags {
    private EntityTags() {
    }

    /** One entity-tag: {@code opaque} keeps its quotes, {@code weak} is the "W/" prefix. */
    record Tag(boolean weak, String opaque) {
    }

    /**
     * Reads a comma-separated list of entity-tags. An opaque tag may itself hold commas, so the
     * list is scanned quote by quote; anything that is not an entity-tag ends the list there
     * (what came before still counts, what follows is ignored, so a malformed header matches less).
     */
    static List<Tag> parseList(String header) {
        List<Tag> tags = new ArrayList<>();
        int i = 0;
        int n = header.length();
        while (i < n) {
            char c = header.charAt(i);
            if (c == ' ' || c == '\t' || c == ',') {
                i++;
                continue;
            }
            boolean weak = header.startsWith("W/", i);
            int open = weak ? i + 2 : i;
            if (open >= n || header.charAt(open) != '"') break;
            int close = header.indexOf('"', open + 1);
            if (close < 0) break;
            tags.add(new Tag(weak, header.substring(open, close + 1)));
            i = close + 1;
        }
        return tags;
    }

    /** Reads a single entity-tag (If-Range), or null when the text is not exactly one. */
    static Tag parseOne(String text) {
        String t = text.trim();
        boolean weak = t.startsWith("W/");
        String opaque = weak ? t.substring(2) : t;
        if (opaque.length() < 2 || opaque.charAt(0) != '"' || opaque.indexOf('"', 1) != opaque.length() - 1) return null;
        return new Tag(weak, opaque);
    }

    /** Strong comparison: neither is weak and the opaque tags are identical. */
    static boolean strongMatch(Tag tag, String strongEtag) {
        return !tag.weak() && tag.opaque().equals(strongEtag);
    }

    /** Weak comparison: the opaque tags are identical, weakness aside. */
    static boolean weakMatch(Tag tag, String strongEtag) {
        return tag.opaque().equals(strongEtag);
    }
}
