package dev.ferry.store;

import dev.ferry.core.Digest;

import java.time.Instant;
import java.util.Objects;

/**
 * The newest bundle accepted on one channel (a bundle's {@code channel} name). Kept beside the
 * generations, not in them, so that {@code ferry rollback} never makes an older bundle importable again.
 *
 * @param bundleId   the bundle's id
 * @param created    the bundle's creation time (what "newer" is measured by)
 * @param manifest   digest of the bundle's exact manifest bytes
 * @param signer     fingerprint of the key that signed it ("" for an unsigned bundle)
 * @param importedAt when it was accepted
 * @param generation the generation current after the import
 */
public record ChannelRecord(String bundleId, Instant created, Digest manifest, String signer, Instant importedAt,
                            long generation) {
    public ChannelRecord {
        Objects.requireNonNull(bundleId, "bundleId");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(manifest, "manifest");
        signer = signer == null ? "" : signer;
        Objects.requireNonNull(importedAt, "importedAt");
    }
}
