package dev.ferry.fetch;

import dev.ferry.core.Digest;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An image or artifact reference as Docker and containerd read it: {@code [host/]path[:tag][@sha256:…]},
 * with {@code docker.io} and its {@code library/} prefix implied for short names.
 *
 * @param tag    null when only a digest is given
 * @param digest null when only a tag is given
 */
public record OciReference(String host, String repository, String tag, Digest digest) {
    public static final String DOCKER_HUB = "docker.io";
    public static final String DEFAULT_TAG = "latest";
    private static final int MAX_NAME = 255;
    // distribution/reference grammar: domain, path components, tag
    private static final String LABEL = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:" + LABEL + "(?:\\." + LABEL + ")*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]+)?");
    private static final Pattern PATH = Pattern.compile(
            "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");

    public OciReference {
        if (host == null || !DOMAIN.matcher(host).matches()) throw new IllegalArgumentException("invalid registry host: " + host);
        if (repository == null || !PATH.matcher(repository).matches()) {
            throw new IllegalArgumentException("invalid repository name: " + repository);
        }
        if (tag != null && !TAG.matcher(tag).matches()) throw new IllegalArgumentException("invalid tag: " + tag);
        if (tag == null && digest == null) throw new IllegalArgumentException("a reference needs a tag or a digest");
    }

    /**
     * Reads a reference with Docker's normalisation: {@code nginx} is {@code docker.io/library/nginx:latest},
     * {@code index.docker.io} is {@code docker.io}, and a tag and a digest may both be given (the digest wins).
     */
    public static OciReference parse(String text) {
        if (text == null || text.isEmpty()) throw new IllegalArgumentException("empty image reference");
        String rest = text;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            try {
                digest = Digest.parse(rest.substring(at + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid digest in reference " + text + ": " + e.getMessage());
            }
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) throw new IllegalArgumentException("invalid tag in reference " + text);
        }
        if (rest.length() > MAX_NAME) throw new IllegalArgumentException("repository name longer than " + MAX_NAME + ": " + text);
        String host = DOCKER_HUB;
        String path = rest;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            // Docker's rule: the first component is a host if it has a dot or a port, is localhost, or has upper case
            if (first.contains(".") || first.contains(":") || first.equals("localhost")
                    || !first.toLowerCase(Locale.ROOT).equals(first)) {
                host = first;
                path = rest.substring(slash + 1);
            }
        }
        if (host.equals("index.docker.io")) host = DOCKER_HUB;
        if (!path.toLowerCase(Locale.ROOT).equals(path)) {
            throw new IllegalArgumentException("repository name must be lowercase: " + text);
        }
        if (host.equals(DOCKER_HUB) && !path.contains("/")) path = "library/" + path;
        if (tag == null && digest == null) tag = DEFAULT_TAG;
        try {
            return new OciReference(host, path, tag, digest);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid reference " + text + ": " + e.getMessage());
        }
    }

    /** What the manifest URL names: the digest when there is one, else the tag. */
    public String manifestReference() {
        return digest != null ? digest.toString() : tag;
    }

    /** The same repository pinned to {@code d} (the tag kept for display). */
    public OciReference withDigest(Digest d) {
        return new OciReference(host, repository, tag, d);
    }

    @Override
    public String toString() {
        return host + "/" + repository + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }
}
