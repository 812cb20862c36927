package dev.ferry.opensearch;

import org.bouncycastle.bcpg.KeyIdentifier;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The OpenPGP public keys a plugin signature may come from: the OpenSearch release key Ferry ships,
 * plus key files from the configuration or the command line. Only these count; a key that travels
 * with the input is never trusted. Expiry is deliberately not evaluated (OpenSearch's installer
 * does not either, and its published pre-3.0 key copies show the signing subkey as expired).
 */
public final class TrustedKeys {
    /** OpenSearch's release key for versions before 3.0, as published at artifacts.opensearch.org/publickeys/opensearch.pgp. */
    public static final String BUILT_IN_RESOURCE = "opensearch-pre3.pgp";
    static final String BUILT_IN_LABEL = "built-in OpenSearch release key for versions before 3.0";

    private final List<Source> sources;

    private record Source(String label, PGPPublicKeyRingCollection rings) {
    }

    /**
     * A trusted key that matches a signature's issuer.
     *
     * @param revoked the key, or the primary key it belongs to, carries a revocation
     */
    public record Match(PGPPublicKey key, String source, boolean revoked) {
        public String keyId() {
            return hex(key.getKeyID());
        }
    }

    private TrustedKeys(List<Source> sources) {
        this.sources = List.copyOf(sources);
    }

    /**
     * @param builtIn whether the shipped OpenSearch key counts
     * @param files   armored or binary public key files (each may hold several keys)
     * @throws IOException naming the file that is not a public key file
     */
    public static TrustedKeys load(boolean builtIn, List<Path> files) throws IOException {
        List<Source> sources = new ArrayList<>();
        if (builtIn) {
            try (InputStream in = TrustedKeys.class.getResourceAsStream(BUILT_IN_RESOURCE)) {
                if (in == null) throw new IOException("the built-in OpenSearch key is missing from the build");
                sources.add(new Source(BUILT_IN_LABEL, read(in, BUILT_IN_RESOURCE)));
            }
        }
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                sources.add(new Source(file.toString(), read(in, file.toString())));
            }
        }
        return new TrustedKeys(sources);
    }

    private static PGPPublicKeyRingCollection read(InputStream in, String name) throws IOException {
        PGPPublicKeyRingCollection rings;
        try {
            rings = new PGPPublicKeyRingCollection(PGPUtil.getDecoderStream(in), new BcKeyFingerprintCalculator());
        } catch (IOException | PGPException | RuntimeException e) {
            throw new IOException("OpenSearch key " + name + ": not an OpenPGP public key file (" + e.getMessage() + ")", e);
        }
        if (rings.size() == 0) throw new IOException("OpenSearch key " + name + ": contains no public key");
        return rings;
    }

    /** The trusted key for one of a signature's issuer identifiers (key id, or fingerprint when given). */
    public Optional<Match> find(List<KeyIdentifier> issuers) {
        for (KeyIdentifier id : issuers) {
            if (id.isWildcard()) continue;
            for (Source s : sources) {
                PGPPublicKeyRing ring = s.rings().getPublicKeyRing(id.getKeyId());
                PGPPublicKey key = ring == null ? null : ring.getPublicKey(id.getKeyId());
                if (key == null) continue;
                if (id.getFingerprint() != null && !Arrays.equals(id.getFingerprint(), key.getFingerprint())) continue;
                return Optional.of(new Match(key, s.label(), key.hasRevocation() || ring.getPublicKey().hasRevocation()));
            }
        }
        return Optional.empty();
    }

    /** One line per source listing its key ids (primary/subkeys), for refusal messages. */
    public String describe() {
        if (sources.isEmpty()) return "no trusted OpenSearch keys";
        return sources.stream().map(s -> {
            List<String> ids = new ArrayList<>();
            for (Iterator<PGPPublicKeyRing> it = s.rings().getKeyRings(); it.hasNext(); ) {
                List<String> ring = new ArrayList<>();
                it.next().getPublicKeys().forEachRemaining(k -> ring.add(hex(k.getKeyID())));
                ids.add(String.join("/", ring));
            }
            return String.join(", ", ids) + " (" + s.label() + ")";
        }).collect(Collectors.joining("; "));
    }

    public boolean isEmpty() {
        return sources.isEmpty();
    }

    static String hex(long keyId) {
        return String.format(Locale.ROOT, "%016X", keyId);
    }
}
