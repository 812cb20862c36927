package dev.ferry.spec;

import dev.ferry.opensearch.PluginSignature;
import dev.ferry.opensearch.TrustedKeys;
import dev.ferry.core.RejectedException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

/** A detached OpenPGP signature over a fetched file, by the one key the spec names for it. */
final class Signatures {
    private Signatures() {
    }

    /** @return the signer's fingerprint (upper-case hex) */
    static String verify(Path file, byte[] signature, Path keyFile) throws IOException {
        TrustedKeys trust = TrustedKeys.load(false, List.of(keyFile));
        PluginSignature sig;
        try {
            sig = PluginSignature.parse(signature);
        } catch (IllegalArgumentException e) {
            throw new RejectedException("signature", e.getMessage());
        }
        TrustedKeys.Match m = trust.find(sig.issuers()).orElseThrow(() -> new RejectedException("signature",
                "signed by key " + sig.issuerKeyId() + ", not by " + keyFile));
        sig.start(m.key());
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) sig.update(buf, 0, n);
        }
        if (!sig.verify()) throw new RejectedException("signature", "BAD signature: it does not match the file");
        return HexFormat.of().withUpperCase().formatHex(m.key().getFingerprint());
    }
}
