package dev.ferry.oci;

import dev.ferry.core.oci.OciNames;
import dev.ferry.core.oci.OciDigests;
import dev.ferry.core.RejectedException;

/**
 * Maps an {@code org.opencontainers.image.ref.name} annotation of index.json to the repository and
 * tag Ferry serves it as (specified in artifacts-layout/oci-layout.md):
 * <ul>
 *   <li>{@code TAG} (oras, {@code skopeo copy … oci:DIR:TAG}) → {@code <--repository>:TAG}; without
 *       {@code --repository} the layout is refused, since the name does not say which repository;</li>
 *   <li>{@code [HOST/]NAME:TAG} (skopeo {@code oci:DIR:NAME:TAG}, full references) → {@code NAME:TAG}; a
 *       first component that looks like a registry host (has '.' or ':' or is "localhost") is dropped;
 *       {@code --repository}, when given, replaces NAME;</li>
 *   <li>anything else (a digest reference, an invalid name or tag) refuses the layout.</li>
 * </ul>
 */
public final class RefNames {
    private RefNames() {
    }

    public record Target(String repository, String tag) {
        @Override
        public String toString() {
            return repository + ":" + tag;
        }
    }

    /** @param repository the {@code --repository} value, or null */
    public static Target map(String refName, String repository) throws RejectedException {
        String entry = "index.json ref name '" + OciDigests.abbreviate(refName) + "'";
        if (refName.indexOf('@') >= 0) throw new RejectedException(entry, "a digest reference is not a tag");
        if (OciNames.isTag(refName)) {
            if (repository == null) {
                throw new RejectedException(entry, "names a tag but no repository; give --repository NAME");
            }
            return new Target(repository, refName);
        }
        int slash = refName.lastIndexOf('/');
        int colon = refName.lastIndexOf(':');
        if (colon <= slash) throw new RejectedException(entry, "is neither a tag nor NAME:TAG");
        String name = refName.substring(0, colon);
        String tag = refName.substring(colon + 1);
        if (!OciNames.isTag(tag)) throw new RejectedException(entry, "'" + tag + "' is not a valid tag");
        int first = name.indexOf('/');
        if (first > 0) {
            String host = name.substring(0, first);
            if (host.contains(".") || host.contains(":") || host.equals("localhost")) name = name.substring(first + 1);
        }
        if (repository != null) return new Target(repository, tag);
        if (!OciNames.isName(name)) throw new RejectedException(entry, "'" + name + "' is not a valid repository name");
        return new Target(name, tag);
    }
}
