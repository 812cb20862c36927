package dev.ferry.pgp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Signs by running {@code gpg --detach-sign}, so keys held by gpg-agent or on a smartcard work.
 * gpg's prompts (pinentry) and diagnostics reach the terminal; only the signature is captured.
 */
public final class GpgSigner implements DetachedSigner {
    private final String gpg;
    private final String keyId;
    private final Path homedir;
    private String fingerprint;

    /** @param gpg the gpg executable ("gpg" from PATH unless given); GNUPGHOME is honoured as gpg does */
    public GpgSigner(String gpg, String keyId) {
        this(gpg, keyId, null);
    }

    /** @param homedir gpg's home directory instead of GNUPGHOME / ~/.gnupg, or null */
    public GpgSigner(String gpg, String keyId, Path homedir) {
        this.gpg = gpg == null || gpg.isBlank() ? "gpg" : gpg;
        this.keyId = keyId;
        this.homedir = homedir;
    }

    @Override
    public byte[] sign(byte[] data) throws IOException {
        // SHA-512 whatever the key's preferences say: Ferry refuses SHA-1 signatures
        byte[] signature = run(List.of("--yes", "--detach-sign", "--digest-algo", "SHA512", "--local-user", keyId,
                "--output", "-", "-"), data, true);
        if (signature.length == 0) throw new IOException("gpg produced no signature for key " + keyId);
        // refuse now what every importer would refuse later (e.g. a key or digest Ferry does not accept)
        SignerIdentity who = TrustedKeys.of("gpg --export " + keyId, exportPublicKey())
                .verify("signature made by gpg", data, signature, java.time.Instant.now());
        fingerprint = who.fingerprint();
        return signature;
    }

    /** The public key as {@code gpg --export} gives it, to check the signature Ferry just had made. */
    public byte[] exportPublicKey() throws IOException {
        byte[] key = run(List.of("--export", keyId), new byte[0], false);
        if (key.length == 0) throw new IOException("gpg has no public key for '" + keyId + "'");
        return key;
    }

    private byte[] run(List<String> args, byte[] stdin, boolean interactive) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(gpg);
        if (homedir != null) command.addAll(List.of("--homedir", homedir.toString()));
        if (!interactive) command.add("--batch");
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException("cannot run " + gpg + ": " + e.getMessage() + " (install gnupg or give --gpg PATH)", e);
        }
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin);
        }
        try {
            int code = p.waitFor();
            byte[] result = out.join();
            if (code != 0) throw new IOException(String.join(" ", command) + " failed with exit code " + code);
            return result;
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for gpg", e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            return buf.toByteArray();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    @Override
    public String describe() {
        return "gpg key " + keyId + (fingerprint == null ? "" : " (" + fingerprint + ")");
    }
}
