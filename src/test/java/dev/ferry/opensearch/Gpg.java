package dev.ferry.opensearch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real GnuPG in a throwaway home directory, standing in for OpenSearch's release signing: a
 * certify-only primary key with a signing subkey, as OpenSearch's keys are built.
 */
final class Gpg implements AutoCloseable {
    private final Path home;
    private final String fakedTime;
    final String fingerprint;

    /** @param fakedTime gpg's --faked-system-time (e.g. "20200101T000000") or null for now */
    Gpg(Path home, String uid, String subkeyExpiry, String fakedTime) throws IOException, InterruptedException {
        this(home, uid, subkeyExpiry, fakedTime, "rsa2048");
    }

    /** @param algorithm gpg's algorithm name for both keys, e.g. "rsa2048" or "ed25519" */
    Gpg(Path home, String uid, String subkeyExpiry, String fakedTime, String algorithm) throws IOException, InterruptedException {
        this.home = Files.createDirectories(home);
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        this.fakedTime = fakedTime;
        run("--quick-gen-key", uid, algorithm, "cert", "never");
        String colons = run("--list-keys", "--with-colons", uid);
        String fpr = null;
        for (String line : colons.split("\n")) {
            if (line.startsWith("fpr:")) {
                fpr = line.split(":")[9];
                break;
            }
        }
        if (fpr == null) throw new IOException("gpg made no key:\n" + colons);
        fingerprint = fpr;
        run("--quick-add-key", fingerprint, algorithm, "sign", subkeyExpiry);
    }

    /** The id of the signing subkey (what a .sig names), 16 upper-case hex digits. */
    String signingSubkeyId() throws IOException, InterruptedException {
        for (String line : run("--list-keys", "--with-colons", fingerprint).split("\n")) {
            if (line.startsWith("sub:")) return line.split(":")[4];
        }
        throw new IOException("no subkey");
    }

    /** Revokes the signing subkey (as a key owner does after a compromise); export again to see it. */
    void revokeSigningSubkey() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("gpg", "--homedir", home.toString(), "--batch", "--yes", "--command-fd", "0",
                "--pinentry-mode", "loopback", "--passphrase", "", "--edit-key", fingerprint));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().write("key 1\nrevkey\ny\n0\n\ny\nsave\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("revoking failed:\n" + out);
    }

    /** Revokes the whole key with the revocation certificate gpg made with it. */
    void revokePrimaryKey() throws IOException, InterruptedException {
        Path certificate = home.resolve("openpgp-revocs.d").resolve(fingerprint + ".rev");
        // gpg writes it with a ':' before the armor line so that it cannot be imported by accident
        Path armored = home.resolve("revocation.asc");
        Files.writeString(armored, Files.readString(certificate).replace(":-----BEGIN", "-----BEGIN"));
        run("--import", armored.toString());
    }

    Path exportPublic(Path file, boolean armor) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--output", file.toString()));
        if (armor) args.add("--armor");
        args.addAll(List.of("--export", fingerprint));
        run(args.toArray(String[]::new));
        return file;
    }

    /** Signs {@code file} detached into {@code <file>.sig}, armored or binary. */
    Path sign(Path file, boolean armor) throws IOException, InterruptedException {
        Path sig = file.resolveSibling(file.getFileName() + ".sig");
        List<String> args = new ArrayList<>(List.of("--yes", "--output", sig.toString()));
        if (armor) args.add("--armor");
        args.addAll(List.of("--detach-sign", file.toString()));
        run(args.toArray(String[]::new));
        return sig;
    }

    String run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("gpg", "--homedir", home.toString(), "--batch", "--no-tty",
                "--pinentry-mode", "loopback", "--passphrase", ""));
        if (fakedTime != null) cmd.addAll(List.of("--faked-system-time", fakedTime + "!"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("gpg " + String.join(" ", args) + " failed:\n" + out);
        }
        return out;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        new ProcessBuilder("gpgconf", "--homedir", home.toString(), "--kill", "all").redirectErrorStream(true).start()
                .waitFor(30, TimeUnit.SECONDS);
    }
}
