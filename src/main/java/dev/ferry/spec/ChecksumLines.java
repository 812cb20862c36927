package dev.ferry.spec;

import dev.ferry.core.RejectedException;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** Finds a file's digest in {@code sha256sum}/{@code sha512sum} output ({@code <hex>␠␠name} or {@code <hex>␠*name}; a lone hex also counts). */
final class ChecksumLines {
    private ChecksumLines() {
    }

    static Optional<String> find(byte[] content, String fileName, int hexLength, URI url) throws RejectedException {
        String[] lines = new String(content, StandardCharsets.UTF_8).split("\r?\n");
        for (String line : lines) {
            String t = line.trim();
            if (t.isEmpty() || t.startsWith("#")) continue;
            String[] fields = t.split("\\s+\\*?", 2);
            String hex = fields[0].toLowerCase(Locale.ROOT);
            boolean names = fields.length == 2 && (fields[1].equals(fileName) || fields[1].endsWith("/" + fileName));
            boolean alone = fields.length == 1 && lines.length == 1;
            if (names || alone) {
                if (!hex.matches("[0-9a-f]{" + hexLength + "}")) throw new RejectedException(url.toString(), "not a " + hexLength + "-digit hex digest for " + fileName);
                return Optional.of(hex);
            }
        }
        return Optional.empty();
    }
}
