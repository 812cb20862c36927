package dev.ferry.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The tokens a running server accepts: a snapshot of the token file, re-read when its bytes
 * change (so `ferry tokens revoke`, or an updated Secret, takes effect without a restart).
 * Checking a presented token costs one hash and a constant-time comparison with every entry.
 */
public final class TokenRegistry {
    private final Path file;
    private volatile Snapshot snapshot = new Snapshot(new byte[0], List.of(), List.of());

    public TokenRegistry(Path file) {
        this.file = file;
    }

    /** Re-reads the file if it changed; blocking I/O, not for an event loop. A file that cannot be read is an error. */
    public synchronized void refresh() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IOException("admin.tokens: cannot read " + file + ": " + dev.ferry.tls.TlsMaterial.why(e)
                    + " (make it with 'ferry tokens add NAME --scope SCOPE --file " + file + "')", e);
        }
        if (Arrays.equals(bytes, snapshot.bytes)) return;
        List<TokenRecord> tokens = TokenFile.parse(bytes, file.toString());
        List<byte[]> hashes = tokens.stream().map(t -> HexFormat.of().parseHex(t.sha256())).toList();
        snapshot = new Snapshot(bytes, tokens, hashes);
    }

    /** The entry whose hash matches {@code token}; every entry is compared, so timing does not tell which. */
    public Optional<TokenRecord> authenticate(String token) {
        Snapshot s = snapshot;
        byte[] presented = TokenFile.hash(token);
        TokenRecord match = null;
        for (int i = 0; i < s.hashes.size(); i++) {
            if (MessageDigest.isEqual(presented, s.hashes.get(i)) && match == null) match = s.tokens.get(i);
        }
        return Optional.ofNullable(match);
    }

    public Path file() {
        return file;
    }

    private record Snapshot(byte[] bytes, List<TokenRecord> tokens, List<byte[]> hashes) {
    }
}
