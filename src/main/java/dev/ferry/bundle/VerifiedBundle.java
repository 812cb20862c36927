package dev.ferry.bundle;

import dev.ferry.pgp.SignerIdentity;
import dev.ferry.pgp.TrustedKeys;
import dev.ferry.store.ChannelRecord;
import dev.ferry.core.Digest;
import dev.ferry.store.Generation;
import dev.ferry.core.RejectedException;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * A bundle header whose signature was checked and whose manifest was parsed: what every later
 * decision (store checks, journal, blobs) works from.
 *
 * @param signer null for an unsigned bundle accepted with --allow-unsigned
 */
public record VerifiedBundle(BundleManifest manifest, Digest manifestDigest, SignerIdentity signer) {

    /**
     * Signature first (over the exact bytes read), then the manifest is parsed, then its expiry
     * is checked. Nothing here looks at the payload.
     */
    public static VerifiedBundle verify(BundleReader.Header header, TrustedKeys trust, boolean allowUnsigned, Instant now)
            throws RejectedException {
        SignerIdentity signer = null;
        if (!header.signed()) {
            if (!allowUnsigned) {
                throw new RejectedException(BundleFormat.SIGNATURE, "unsigned bundle: no signature entry follows the manifest "
                        + "(--allow-unsigned accepts unsigned bundles)");
            }
        } else {
            signer = trust.verify(BundleFormat.SIGNATURE, header.manifest(), header.signature(), now);
        }
        BundleManifest manifest = BundleManifest.parse(header.manifest());
        manifest.checkCreatedBy(now);
        if (manifest.expires() != null && now.isAfter(manifest.expires())) {
            throw new RejectedException(BundleFormat.MANIFEST, "bundle " + manifest.id() + " expired on " + manifest.expires());
        }
        return new VerifiedBundle(manifest, Digest.ofBytes(header.manifest()), signer);
    }

    /** True when this exact bundle (same id, same manifest bytes) is the newest one its channel accepted. */
    public boolean alreadyImported(Map<String, ChannelRecord> channels) {
        ChannelRecord last = channels.get(manifest.channel());
        return last != null && last.bundleId().equals(manifest.id()) && last.manifest().equals(manifestDigest);
    }

    /**
     * Refuses a replay or downgrade on the channel, and a delta whose base is not the store's
     * current catalog. Re-importing the channel's newest bundle is allowed (it is a no-op).
     */
    public void checkAgainst(Generation current, Map<String, ChannelRecord> channels, boolean allowDowngrade)
            throws RejectedException {
        ChannelRecord last = channels.get(manifest.channel());
        boolean again = alreadyImported(channels);
        if (last != null && !again) {
            if (last.bundleId().equals(manifest.id())) {
                throw new RejectedException(BundleFormat.MANIFEST, "bundle id " + manifest.id() + " was already imported on channel '"
                        + manifest.channel() + "' with a different manifest");
            }
            if (!manifest.created().isAfter(last.created()) && !allowDowngrade) {
                throw new RejectedException(BundleFormat.MANIFEST, "replay or downgrade refused: channel '" + manifest.channel()
                        + "' already imported bundle " + last.bundleId() + " created " + last.created() + "; bundle "
                        + manifest.id() + " was created " + manifest.created() + " (--allow-downgrade imports it anyway)");
            }
        }
        if (manifest.base() != null && !again) {
            Digest inventory = Inventory.of(current);
            if (!inventory.equals(manifest.base().inventory())) {
                throw new RejectedException(BundleFormat.MANIFEST, "delta base mismatch: the bundle applies to inventory "
                        + manifest.base().inventory() + " (generation " + manifest.base().generation() + " where it was made); "
                        + "this store's generation " + current.number() + " has inventory " + inventory);
            }
        }
    }

    /** What the journal records about this bundle. */
    public Map<String, String> details() {
        Map<String, String> d = new TreeMap<>();
        d.put("bundleId", manifest.id());
        d.put("channel", manifest.channel());
        d.put("bundleCreated", manifest.created().toString());
        if (manifest.expires() != null) d.put("bundleExpires", manifest.expires().toString());
        d.put("manifestSha256", manifestDigest.hex());
        d.put("blobs", Integer.toString(manifest.blobs().size()));
        d.put("payloadBytes", Long.toString(manifest.payloadBytes()));
        if (manifest.base() != null) d.put("baseInventory", manifest.base().inventory().toString());
        if (signer != null) {
            d.put("signer", signer.fingerprint());
            d.put("signingKey", signer.keyFingerprint());
            if (!signer.userId().isEmpty()) d.put("signerUserId", signer.userId());
        } else {
            d.put("signer", "unsigned");
        }
        return d;
    }

    /** The channel record this bundle leaves behind once imported. */
    public ChannelRecord channelRecord(Instant now) {
        return new ChannelRecord(manifest.id(), manifest.created(), manifestDigest, signer == null ? "" : signer.fingerprint(), now, 0);
    }
}
