package dev.ferry.http;

import dev.ferry.store.CatalogPath;
import dev.ferry.store.FileEntry;
import dev.ferry.store.Generation;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checksum files next to every published file, answered from the catalog: {@code <path>.sha256}
 * always and {@code <path>.sha512} when the entry carries a {@code sha512} metadata value. The
 * body is one line in GNU coreutils format, {@code <hex>␠␠<file name>\n}, as sha256sum and
 * sha512sum write it and as the OpenSearch plugin installer reads it. A real catalog file at the
 * same path always wins (the caller looks that up first).
 */
final class Sidecars {
    static final String SHA512_METADATA = "sha512";
    private static final Pattern SHA512_HEX = Pattern.compile("[0-9a-fA-F]{128}");

    private Sidecars() {
    }

    static Optional<Representation> find(Generation generation, CatalogPath path) {
        String name = path.value();
        for (String suffix : new String[]{".sha256", ".sha512"}) {
            if (!name.endsWith(suffix)) continue;
            String base = name.substring(0, name.length() - suffix.length());
            if (CatalogPath.problem(base) != null) return Optional.empty();
            CatalogPath basePath = CatalogPath.of(base);
            Optional<FileEntry> file = generation.file(basePath);
            if (file.isEmpty()) return Optional.empty();
            String hex = suffix.equals(".sha256") ? file.get().digest().hex() : sha512(file.get());
            if (hex == null) return Optional.empty();
            return Optional.of(Representation.text(hex + "  " + basePath.fileName() + "\n",
                    file.get().publishedAt(), generation.number()));
        }
        return Optional.empty();
    }

    private static String sha512(FileEntry file) {
        String value = file.metadata().get(SHA512_METADATA);
        return value != null && SHA512_HEX.matcher(value).matches() ? value.toLowerCase(Locale.ROOT) : null;
    }
}
