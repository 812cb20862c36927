package dev.ferry.core.oci;

import java.util.regex.Pattern;

/** Repository name and tag grammar of the OCI distribution spec. */
public final class OciNames {
    /** Longest repository name Ferry accepts (distribution's limit). */
    public static final int MAX_NAME_LENGTH = 255;
    private static final Pattern NAME = Pattern.compile(
            "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");
    private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?";
    private static final Pattern REGISTRY = Pattern.compile("(?:" + LABEL + "(?:\\." + LABEL + ")*|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{1,5})?");

    private OciNames() {
    }

    public static boolean isName(String name) {
        return name != null && name.length() <= MAX_NAME_LENGTH && NAME.matcher(name).matches();
    }

    /** A registry address: host name or bracketed IPv6 address, optional port, nothing else. */
    public static boolean isRegistry(String s) {
        return s != null && REGISTRY.matcher(s).matches();
    }

    public static boolean isTag(String tag) {
        return tag != null && TAG.matcher(tag).matches();
    }
}
