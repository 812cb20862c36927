package dev.ferry.config;

/** Everything Ferry can be configured with; one section per concern. See deploy/ferry.yaml for a commented example. */
public record FerryConfig(StoreSettings store, ServerSettings server, OpenSearchSettings opensearch, TlsSettings tls,
                          FalcoSettings falco, AdminSettings admin, ScrubSettings scrub, BundleSettings bundles) {

    public static FerryConfig defaults() {
        return new FerryConfig(StoreSettings.defaults(), ServerSettings.defaults(), OpenSearchSettings.defaults(),
                TlsSettings.defaults(), FalcoSettings.defaults(), AdminSettings.defaults(), ScrubSettings.defaults(),
                BundleSettings.defaults());
    }

    /** Throws {@link ConfigException} naming the first setting out of range. */
    public FerryConfig validate() {
        store.validate();
        server.validate();
        opensearch.validate();
        tls.validate();
        falco.validate();
        admin.validate();
        scrub.validate();
        if (!server.http() && !tls.enabled()) throw new ConfigException("server.http is false but tls.cert is not set: nothing to listen on");
        if (admin.clientCertificate() && !tls.clientCaSet()) throw new ConfigException("admin.clientCertificate needs tls.clientCa");
        bundles.validate();
        return this;
    }
}
