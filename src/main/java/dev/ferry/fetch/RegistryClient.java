package dev.ferry.fetch;

import dev.ferry.core.Digest;

import java.io.IOException;

/** Pull side of the OCI distribution API for one registry host; every manifest and blob verified against its digest. */
public interface RegistryClient {

    /** What {@code reference} (tag or digest) names now: HEAD or GET of the manifest. */
    ManifestRef resolve(OciReference reference) throws IOException;

    /** The manifest or index bytes, checked to hash to {@code digest} and to carry an OCI/Docker manifest media type. */
    byte[] manifest(OciReference reference, Digest digest) throws IOException;

    /** A blob of {@code reference}'s repository into the cache, checked against digest and size. */
    Fetched blob(OciReference reference, Digest digest, long size) throws IOException;
}
