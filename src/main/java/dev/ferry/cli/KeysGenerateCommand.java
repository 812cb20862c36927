package dev.ferry.cli;

import dev.ferry.config.Durations;
import dev.ferry.pgp.SigningKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate an OpenPGP bundle-signing key: DIR/NAME.key (secret, keep it off the air-gapped side) "
                + "and DIR/NAME.asc (public: put it in the trust directory; 'gpg --import' reads it too).")
final class KeysGenerateCommand implements Callable<Integer> {
    @Option(names = "--name", required = true, paramLabel = "NAME", description = "File name stem of the key files.")
    String name;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write the key files to.")
    Path out;

    @Option(names = "--algorithm", paramLabel = "ALG", defaultValue = "ed25519", description = "ed25519 (default), rsa3072 or rsa4096.")
    String algorithm;

    @Option(names = "--user-id", paramLabel = "UID", description = "User id, e.g. 'Ferry release <ops@example.org>' (default: NAME).")
    String userId;

    @Option(names = "--expires", paramLabel = "DURATION", description = "Key lifetime, e.g. 730d (default: no expiry).")
    String expires;

    @Override
    public Integer call() throws Exception {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) throw new IllegalArgumentException("--name must be a plain file name stem");
        SigningKeys.Generated key = SigningKeys.generate(userId == null ? name : userId, SigningKeys.Algorithm.parse(algorithm),
                Instant.now(), expires == null ? null : Durations.parse(expires));
        SigningKeys.write(key, out, name);
        Text.line("fingerprint: " + key.fingerprint());
        Text.line("secret key:  " + out.resolve(name + ".key") + "  (sign with: ferry bundle create --sign-key this-file)");
        Text.line("public key:  " + out.resolve(name + ".asc") + "  (copy into the trust directory of every importing host)");
        return 0;
    }
}
