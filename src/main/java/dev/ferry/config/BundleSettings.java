package dev.ferry.config;

/**
 * @param trust directory of OpenPGP public keys whose signatures make a bundle importable
 *              ("" = none: every signed bundle is refused as signed by an unknown key)
 */
public record BundleSettings(String trust) {

    public static BundleSettings defaults() {
        return new BundleSettings("");
    }

    void validate() {
        if (trust == null) throw new ConfigException("bundles.trust must not be null (use \"\" for none)");
    }
}
