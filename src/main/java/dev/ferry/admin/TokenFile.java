package dev.ferry.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.ferry.core.Json;
import dev.ferry.core.JsonRefusal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The token file: JSON {@code {"format": "ferry.tokens.v1", "tokens": [...]}}, mode 0600,
 * replaced atomically on change. Mounted read-only into a server (a Kubernetes Secret).
 */
public final class TokenFile {
    static final String FORMAT = "ferry.tokens.v1";
    private static final String PREFIX = "ferry_";

    private TokenFile() {
    }

    /** The tokens in {@code file}; a missing file holds none. */
    public static List<TokenRecord> read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return parse(bytes, file.toString());
    }

    static List<TokenRecord> parse(byte[] bytes, String origin) throws IOException {
        try {
            Document doc = Json.MAPPER.readValue(bytes, Document.class);
            if (!FORMAT.equals(doc.format())) throw new IOException(origin + ": not a Ferry token file (format '" + doc.format() + "')");
            return doc.tokens() == null ? List.of() : List.copyOf(doc.tokens());
        } catch (JsonProcessingException e) {
            throw new IOException(origin + ": unreadable token file: " + e.getOriginalMessage(), e);
        }
    }

    public static void write(Path file, List<TokenRecord> tokens) throws IOException {
        byte[] bytes = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(new Document(FORMAT, tokens));
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A new random token: "ferry_" and 43 base64url characters (256 bits). */
    public static String newToken() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    public static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hashHex(String token) {
        return HexFormat.of().formatHex(hash(token));
    }

    /** The file as JSON; tokens in the order they were added. */
    record Document(String format, List<TokenRecord> tokens) {
        Document {
            tokens = tokens == null ? new ArrayList<>() : tokens;
        }
    }
}
