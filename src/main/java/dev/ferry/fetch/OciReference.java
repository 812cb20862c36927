package dev.ferry.fetch;

import dev.ferry.store.Digest;

/**
 * An image or artifact reference as Docker and containerd read it: {@code [host/]path[:tag][@sha256:…]},
 * with {@code docker.io} and its {@code library/} prefix implied for short names.
 *
 * @param tag    null when only a digest is given
 * @param digest null when only a tag is given
 */
public record OciReference(String host, String repository, String tag, Digest digest) {
    // parse(String) and toString() are to be written with the registry client
}
