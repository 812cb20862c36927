package dev.ferry.opensearch;

import dev.ferry.importer.ImportInput;
import dev.ferry.importer.ImportOptions;
import dev.ferry.core.RejectedException;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;

/**
 * artifacts.opensearch.org's rules for official plugins: {@code <base><name>/<version>/<name>-<version>.zip}
 * with {@code .sha512} and {@code .sig} beside it. A fetched plugin is verified exactly as an import
 * verifies it ({@link PluginVerifier}: the sha512, the signature by a trusted key of the matching
 * era — pre-3.0 built in, 3.0+ from the configured keys — and the zip's descriptor).
 */
public final class PluginUpstream {
    public static final String DEFAULT_BASE = "https://artifacts.opensearch.org/releases/plugins/";

    private PluginUpstream() {
    }

    public static String zipName(String name, String version) {
        return name + "-" + version + PluginFiles.ZIP_SUFFIX;
    }

    public static URI zipUrl(String base, String name, String version) {
        String b = base == null ? DEFAULT_BASE : base.endsWith("/") ? base : base + "/";
        return URI.create(b + name + "/" + version + "/" + zipName(name, version));
    }

    public static URI sidecar(URI zip, String suffix) {
        return URI.create(zip + suffix);
    }

    /** The sha512 hex a {@code .sha512} declares for {@code zipName}. */
    public static String declaredSha512(byte[] sha512File, String zipName, URI url) throws RejectedException {
        try {
            return Sha512File.parse(sha512File, zipName);
        } catch (IllegalArgumentException e) {
            throw new RejectedException(url.toString(), e.getMessage());
        }
    }

    /**
     * @param signer the fingerprint of the (sub)key that made the signature, upper-case hex
     * @param input  the verified zip as an import input, read where it was verified and not verified again
     */
    public record Verified(String sha512, String signer, ImportInput input) {
    }

    /**
     * Verifies a fetched zip (on disk under any name, e.g. in the download cache) with its {@code .sha512} and
     * {@code .sig}; {@code options} say where the input publishes it.
     */
    public static Verified verify(Path zip, String zipName, Path sha512File, Path sigFile, PluginImportSettings settings,
                                  ImportOptions options) throws IOException {
        PluginFiles files = new PluginFiles(zip, zipName, Optional.of(sha512File), Optional.of(sigFile));
        TrustedKeys trust = TrustedKeys.load(settings.trustBuiltInKey(), settings.keyFiles());
        VerifiedPlugin v = PluginVerifier.verify(files, settings, trust);
        PluginSignature sig = PluginSignature.parse(v.signature());
        String fingerprint = trust.find(sig.issuers()).map(m -> HexFormat.of().withUpperCase().formatHex(m.key().getFingerprint()))
                .orElse(v.signatureKeyId());
        return new Verified(v.sha512(), fingerprint, PluginInput.of(v, options.with(PluginImportSettings.class, settings)));
    }
}
