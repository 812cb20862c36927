package dev.ferry.opensearch;

import dev.ferry.importer.InputFiles;
import dev.ferry.core.Digest;
import dev.ferry.core.RejectedException;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Verifies one plugin before anything is staged: the {@code .sha512} form, the signature's
 * issuer against the trusted keys, then one streaming pass over the zip feeding SHA-256 (the
 * store's digest), SHA-512 and the signature, then the signature, the digest, the zip's
 * structure and descriptor, and the file name against the descriptor.
 */
final class PluginVerifier {
    private PluginVerifier() {
    }

    static VerifiedPlugin verify(PluginFiles files, PluginImportSettings settings, TrustedKeys trust) throws IOException {
        String name = files.fileName();
        String sha512Name = name + Sha512File.SUFFIX;
        String sigName = name + PluginSignature.SUFFIX;
        String declaredSha512 = declaredSha512(files, settings);
        Signed signed = signature(files, settings, trust);
        PluginSignature signature = signed == null ? null : signed.signature();
        TrustedKeys.Match signer = signed == null ? null : signed.signer();

        MessageDigest sha256 = Digest.newMessageDigest();
        MessageDigest sha512 = sha512();
        long size = 0;
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = InputFiles.openRegular(files.zip(), name)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                sha256.update(buf, 0, n);
                sha512.update(buf, 0, n);
                if (signature != null) signature.update(buf, 0, n);
                size += n;
            }
        }
        if (signature != null && !signature.verify()) {
            throw new RejectedException(sigName, "BAD signature: it does not match " + name + " (key " + signer.keyId()
                    + ", " + signer.source() + "); the zip or the signature was altered");
        }
        String actualSha512 = HexFormat.of().formatHex(sha512.digest());
        if (declaredSha512 != null && !declaredSha512.equals(actualSha512)) {
            throw new RejectedException(name, "SHA-512 mismatch: " + sha512Name + " says " + declaredSha512
                    + ", the zip hashes to " + actualSha512);
        }

        PluginDescriptor descriptor = PluginZip.validate(files.zip(), name);
        if (!descriptor.zipFileName().equals(name)) {
            throw new RejectedException(name, "file name does not match its descriptor (name " + descriptor.name()
                    + ", version " + descriptor.version() + "): expected " + descriptor.zipFileName());
        }
        if (signer != null) {
            String problem = ReleaseKeys.eraProblem(signer.keyId(), descriptor.range().lower()).orElse(null);
            if (problem != null) throw new RejectedException(sigName, problem);
        }
        return new VerifiedPlugin(files.zip(), name, size, Digest.of(sha256), actualSha512, descriptor,
                signed == null ? null : signed.bytes(), signer == null ? null : signer.keyId());
    }

    /** The digest the {@code .sha512} declares, or null when there is none and that is allowed. */
    private static String declaredSha512(PluginFiles files, PluginImportSettings settings) throws IOException {
        String name = files.fileName();
        if (files.sha512().isEmpty()) {
            if (settings.allowMissingSha512()) return null;
            throw new RejectedException(name, "no " + name + Sha512File.SUFFIX + " beside it (upstream publishes one for every "
                    + "plugin; pass --allow-missing-sha512 to import a zip without it)");
        }
        try {
            return Sha512File.parse(PluginFiles.readSmall(files.sha512().get(), Sha512File.MAX_BYTES), name);
        } catch (IllegalArgumentException e) {
            throw new RejectedException(name + Sha512File.SUFFIX, e.getMessage());
        }
    }

    private record Signed(byte[] bytes, PluginSignature signature, TrustedKeys.Match signer) {
    }

    /** The {@code .sig} parsed, its signer found among the trusted keys and ready for the zip's bytes; null if unsigned. */
    private static Signed signature(PluginFiles files, PluginImportSettings settings, TrustedKeys trust) throws IOException {
        String name = files.fileName();
        String sigName = name + PluginSignature.SUFFIX;
        if (files.sig().isEmpty()) {
            if (settings.requireSignature()) throw new RejectedException(name, "no " + sigName + " beside it, and signatures are required");
            return null;
        }
        byte[] bytes = PluginFiles.readSmall(files.sig().get(), PluginSignature.MAX_BYTES);
        try {
            PluginSignature sig = PluginSignature.parse(bytes);
            TrustedKeys.Match signer = trust.find(sig.issuers()).orElseThrow(() -> new RejectedException(sigName,
                    "signed by unknown key " + sig.issuerKeyId() + "; trusted: " + trust.describe()));
            if (signer.revoked()) throw new RejectedException(sigName, "signing key " + signer.keyId() + " is revoked");
            sig.start(signer.key());
            return new Signed(bytes, sig, signer);
        } catch (IllegalArgumentException e) {
            throw new RejectedException(sigName, e.getMessage());
        }
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
