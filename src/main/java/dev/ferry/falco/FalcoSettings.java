package dev.ferry.falco;

import dev.ferry.config.ConfigException;
import dev.ferry.config.SettingsSection;

/**
 * Falco serving.
 *
 * @param stripSignatures remove {@code signature:} blocks from served falcoctl indexes: falcoctl's
 *                        cosign check fetches Sigstore's TUF root and Rekor keys from the Internet
 * @param wantedCapacity  distinct missing drivers remembered for {@code /api/v1/wanted}
 */
public record FalcoSettings(boolean stripSignatures, int wantedCapacity) {
    /** The {@code falco:} section of the configuration file. */
    public static final SettingsSection<FalcoSettings> SECTION = new SettingsSection<>("falco", FalcoSettings.class, defaults(), FalcoSettings::validate);

    public static FalcoSettings defaults() {
        return new FalcoSettings(true, 1000);
    }

    public void validate() {
        if (wantedCapacity < 1 || wantedCapacity > 100_000) throw new ConfigException("falco.wantedCapacity must be between 1 and 100000");
    }
}
