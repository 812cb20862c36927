package dev.ferry.config;

/**
 * The admin API ({@code /api/v1/}) and who may read.
 *
 * @param tokens            file of token hashes ({@code ferry tokens add}); empty = admin API off
 * @param protectReads      whether every other route (files, OCI, metrics) also needs a token with
 *                          the {@code read} scope; /healthz and /readyz stay open for probes
 * @param maxUpload         largest bundle {@code POST /api/v1/imports} accepts (e.g. 64GiB)
 * @param allowPlainHttp    admin requests over plain HTTP from other than loopback; off, because
 *                          the token would cross the network in clear text
 * @param clientCertificate admin requests must also present a client certificate issued by
 *                          {@code tls.clientCa} (mutual TLS)
 */
public record AdminSettings(String tokens, boolean protectReads, String maxUpload, boolean allowPlainHttp,
                            boolean clientCertificate) {

    public static AdminSettings defaults() {
        return new AdminSettings("", false, "64GiB", false, false);
    }

    public boolean enabled() {
        return tokens != null && !tokens.isBlank();
    }

    public long maxUploadBytes() {
        return ByteSizes.parse(maxUpload);
    }

    void validate() {
        if (tokens == null) throw new ConfigException("admin.tokens must not be null (use \"\" for none)");
        try {
            if (maxUploadBytes() < 1) throw new ConfigException("admin.maxUpload must be positive");
        } catch (IllegalArgumentException e) {
            throw new ConfigException("admin.maxUpload: " + e.getMessage(), e);
        }
        if (protectReads && !enabled()) throw new ConfigException("admin.protectReads needs admin.tokens");
    }
}
