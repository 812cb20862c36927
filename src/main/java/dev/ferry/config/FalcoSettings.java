package dev.ferry.config;

/**
 * Falco serving.
 *
 * @param stripSignatures remove {@code signature:} blocks from served falcoctl indexes: falcoctl's
 *                        cosign check fetches Sigstore's TUF root and Rekor keys from the Internet
 * @param wantedCapacity  distinct missing drivers remembered for {@code /api/v1/wanted}
 */
public record FalcoSettings(boolean stripSignatures, int wantedCapacity) {
    public static FalcoSettings defaults() {
        return new FalcoSettings(true, 1000);
    }

    void validate() {
        if (wantedCapacity < 1 || wantedCapacity > 100_000) throw new ConfigException("falco.wantedCapacity must be between 1 and 100000");
    }
}
