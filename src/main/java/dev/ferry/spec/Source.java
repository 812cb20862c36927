package dev.ferry.spec;

import dev.ferry.oci.OciUpstream;
import dev.ferry.core.Digest;

import java.net.URI;

/** What create fetches for one planned artifact, as the planner resolved it. */
sealed interface Source {

    /** An image or artifact, published as {@code repository:tag} (untagged when tag is null). */
    record Oci(OciUpstream.OciContent content, String repository, String tag) implements Source {
    }

    /** An OpenSearch plugin zip with its sidecars, published under {@code prefix}. */
    record Plugin(URI zip, String zipName, String sha512, String prefix) implements Source {
    }

    /**
     * A file placed at {@code treePath} of a checksummed tree published under {@code prefix}.
     *
     * @param sha256    what the bytes must hash to, or null when only TLS vouches for them (drivers)
     * @param sha512    hex the bytes must also hash to, or null
     * @param signature a detached OpenPGP signature URL, or null
     * @param key       the public key file the signature must verify with, or null
     */
    record File(URI url, String treePath, String prefix, Digest sha256, String sha512, URI signature, String key) implements Source {
    }

    /** The falcoctl index as fetched, published at {@code path}. */
    record Index(URI url, byte[] bytes, String path) implements Source {
    }
}
