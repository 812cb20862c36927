package dev.ferry.opensearch;

import dev.ferry.store.Digest;
import dev.ferry.store.RejectedException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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

        String declaredSha512 = null;
        if (files.sha512().isPresent()) {
            try {
                declaredSha512 = Sha512File.parse(PluginFiles.readSmall(files.sha512().get(), Sha512File.MAX_BYTES), name);
            } catch (IllegalArgumentException e) {
                throw new RejectedException(sha512Name, e.getMessage());
            }
        } else if (!settings.allowMissingSha512()) {
            throw new RejectedException(name, "no " + sha512Name + " beside it (upstream publishes one for every plugin; "
                    + "pass --allow-missing-sha512 to import a zip without it)");
        }

        byte[] sigBytes = null;
        PluginSignature signature = null;
        TrustedKeys.Match signer = null;
        if (files.sig().isPresent()) {
            sigBytes = PluginFiles.readSmall(files.sig().get(), PluginSignature.MAX_BYTES);
            try {
                signature = PluginSignature.parse(sigBytes);
            } catch (IllegalArgumentException e) {
                throw new RejectedException(sigName, e.getMessage());
            }
            final PluginSignature sig = signature;
            signer = trust.find(sig.issuers()).orElseThrow(() -> new RejectedException(sigName,
                    "signed by unknown key " + sig.issuerKeyId() + "; trusted: " + trust.describe()));
            if (signer.revoked()) throw new RejectedException(sigName, "signing key " + signer.keyId() + " is revoked");
            try {
                signature.start(signer.key());
            } catch (IllegalArgumentException e) {
                throw new RejectedException(sigName, e.getMessage());
            }
        } else if (settings.requireSignature()) {
            throw new RejectedException(name, "no " + sigName + " beside it, and signatures are required");
        }

        MessageDigest sha256 = Digest.newMessageDigest();
        MessageDigest sha512 = sha512();
        long size = 0;
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(files.zip(), LinkOption.NOFOLLOW_LINKS)) {
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
        return new VerifiedPlugin(files.zip(), name, size, Digest.of(sha256), actualSha512, descriptor, sigBytes,
                signer == null ? null : signer.keyId());
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
