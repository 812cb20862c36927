package dev.ferry.bundle;

import dev.ferry.importer.ImportOptions;
import dev.ferry.pgp.TrustedKeys;

import java.time.Clock;

/**
 * How bundles are judged, carried in {@link ImportOptions} for the bundle input kind.
 *
 * @param trust          keys whose signatures make a bundle acceptable
 * @param allowUnsigned  accept bundles that carry no signature at all (a bad signature is never accepted)
 * @param allowDowngrade accept a bundle older than the newest one already imported on its channel
 * @param clock          what expiry and key validity are judged by
 */
public record BundleImportSettings(TrustedKeys trust, boolean allowUnsigned, boolean allowDowngrade, Clock clock) {
    /** Nothing trusted: every signed bundle is refused as signed by an unknown key. */
    public static final BundleImportSettings NONE = new BundleImportSettings(TrustedKeys.none(), false, false, Clock.systemUTC());

    public static BundleImportSettings trusting(TrustedKeys trust) {
        return new BundleImportSettings(trust, false, false, Clock.systemUTC());
    }

    public static BundleImportSettings of(ImportOptions options) {
        return options.setting(BundleImportSettings.class).orElse(NONE);
    }

    public ImportOptions options() {
        return new ImportOptions().with(BundleImportSettings.class, this);
    }

    public BundleImportSettings withTrust(TrustedKeys value) {
        return new BundleImportSettings(value, allowUnsigned, allowDowngrade, clock);
    }

    public BundleImportSettings withAllowUnsigned(boolean value) {
        return new BundleImportSettings(trust, value, allowDowngrade, clock);
    }

    public BundleImportSettings withAllowDowngrade(boolean value) {
        return new BundleImportSettings(trust, allowUnsigned, value, clock);
    }

    public BundleImportSettings withClock(Clock value) {
        return new BundleImportSettings(trust, allowUnsigned, allowDowngrade, value);
    }
}
