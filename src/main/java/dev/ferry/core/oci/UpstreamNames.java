package dev.ferry.core.oci;

import java.util.Locale;

/**
 * Repository names under their upstream host ({@code docker.io/library/nginx},
 * {@code registry.k8s.io/pause}), recognised as Docker does: the first segment names a host when it
 * contains a '.' or ':' or is "localhost". Specified in artifacts-layout/mirror.md.
 */
public final class UpstreamNames {
    public static final String DOCKER_HUB = "docker.io";

    private static final java.util.regex.Pattern HOST =
            java.util.regex.Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::[0-9]{1,5})?");

    private UpstreamNames() {
    }

    /** A name split into its upstream host and the path the upstream serves it under. */
    public record Qualified(String host, String path) {
        public String name() {
            return host + "/" + path;
        }
    }

    public static boolean isHost(String segment) {
        return segment.contains(".") || segment.contains(":") || segment.equals("localhost");
    }

    /** A host[:port] as containerd's {@code ns} parameter carries it; anything else is not taken as an upstream. */
    public static boolean isValidHost(String host) {
        return host != null && host.length() <= 253 && HOST.matcher(host).matches();
    }

    /** Docker Hub's other names (what clients and configs write for it) all mean docker.io. */
    public static String canonicalHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return switch (h) {
            case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> DOCKER_HUB;
            default -> h;
        };
    }

    /** The host and path of an upstream-qualified name, or null for a plain name ({@code aquasec/trivy-db}). */
    public static Qualified split(String name) {
        int slash = name.indexOf('/');
        if (slash <= 0 || slash == name.length() - 1 || !isHost(name.substring(0, slash))) return null;
        String host = canonicalHost(name.substring(0, slash));
        return new Qualified(host, normalPath(host, name.substring(slash + 1)));
    }

    /** {@code path} as {@code host} serves it: Docker Hub's one-segment names live under {@code library/}. */
    public static String normalPath(String host, String path) {
        return DOCKER_HUB.equals(host) && path.indexOf('/') < 0 ? "library/" + path : path;
    }

    /** The stored name of {@code path} from {@code host}. */
    public static String qualify(String host, String path) {
        String h = canonicalHost(host);
        return h + "/" + normalPath(h, path);
    }
}
