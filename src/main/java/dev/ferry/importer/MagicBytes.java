package dev.ferry.importer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * What a file's first bytes say it is, for input detection. A zstd or gzip stream can only be a
 * bundle and a zip only a plugin, so detection commits to that kind and its own reader reports
 * what is wrong, instead of "not an input Ferry can import" for a damaged file.
 */
final class MagicBytes {
    /** A plain tar: a bundle or an OCI layout, told apart by content. */
    static final String TAR = "tar";

    private MagicBytes() {
    }

    /** The kind name the magic bytes of a regular file commit to, {@link #TAR}, or null when they say nothing. */
    static String kindOf(Path path) {
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) return null;
        byte[] head;
        try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
            head = in.readNBytes(512);
        } catch (IOException e) {
            return null;
        }
        if (startsWith(head, 0x28, 0xb5, 0x2f, 0xfd) || startsWith(head, 0x1f, 0x8b)) return "bundle";
        if (startsWith(head, 'P', 'K', 3, 4)) return "opensearch-plugin";
        if (head.length == 512 && new String(head, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) return TAR;
        return null;
    }

    private static boolean startsWith(byte[] head, int... magic) {
        if (head.length < magic.length) return false;
        for (int i = 0; i < magic.length; i++) if ((head[i] & 0xff) != magic[i]) return false;
        return true;
    }
}
