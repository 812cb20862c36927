package dev.ferry.config;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Everything Ferry can be configured with; one section per concern. See deploy/ferry.yaml for a commented example.
 *
 * @param families the sections the families declare (see {@link SettingsSections}), bound by {@link ConfigLoader}
 */
public record FerryConfig(StoreSettings store, ServerSettings server, TlsSettings tls, AdminSettings admin, ScrubSettings scrub,
                          BundleSettings bundles, @JsonIgnore FamilySettings families) {

    public FerryConfig {
        if (families == null) families = FamilySettings.defaults();
    }

    public static FerryConfig defaults() {
        return new FerryConfig(StoreSettings.defaults(), ServerSettings.defaults(), TlsSettings.defaults(), AdminSettings.defaults(),
                ScrubSettings.defaults(), BundleSettings.defaults(), FamilySettings.defaults());
    }

    /** A family's settings: its section, bound and validated. */
    public <T> T settings(Class<T> type) {
        return families.get(type);
    }

    /** A copy with {@code families} in place of this one's. */
    public FerryConfig withFamilies(FamilySettings next) {
        return new FerryConfig(store, server, tls, admin, scrub, bundles, next);
    }

    /** Throws {@link ConfigException} naming the first setting out of range. */
    public FerryConfig validate() {
        store.validate();
        server.validate();
        tls.validate();
        admin.validate();
        scrub.validate();
        if (!server.http() && !tls.enabled()) throw new ConfigException("server.http is false but tls.cert is not set: nothing to listen on");
        if (admin.clientCertificate() && !tls.clientCaSet()) throw new ConfigException("admin.clientCertificate needs tls.clientCa");
        bundles.validate();
        return this;
    }
}
