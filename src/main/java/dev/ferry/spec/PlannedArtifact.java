package dev.ferry.spec;

import java.util.List;

/**
 * One artifact of a plan.
 *
 * @param key      stable name, also the lock's key ("opensearch repository-s3 2.19.4")
 * @param upstream the URL or reference it comes from
 * @param digest   what it resolved to upstream ({@code sha256:…}, {@code sha512:…}), or null when only fetching tells
 * @param size     bytes to fetch, or -1 when unknown
 * @param publish  where it is published (catalog path or {@code repository:tag})
 * @param checks   what create verifies: sha256, sha512, pgp, oci-digest, tofu-tls
 */
public record PlannedArtifact(String key, String family, String upstream, String digest, long size, String publish,
                              List<String> checks, Status status, Source source) {
    public enum Status {
        /** to be fetched and carried */
        FETCH,
        /** the base already holds it: neither fetched nor carried */
        HELD,
        /** upstream has no such file (a Falco driver not prebuilt for a kernel) */
        MISSING
    }

    PlannedArtifact with(Status s) {
        return new PlannedArtifact(key, family, upstream, digest, size, publish, checks, s, source);
    }
}
