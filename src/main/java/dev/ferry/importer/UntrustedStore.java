package dev.ferry.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ferry.core.Digest;
import dev.ferry.store.Generation;
import dev.ferry.core.Json;
import dev.ferry.core.RejectedException;
import dev.ferry.store.Store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Another Ferry store read as untrusted data, never as a store of ours: no lock is taken, nothing
 * is recovered, created or deleted, transaction plans are never read. Links, special files and
 * files hard-linked outside refuse it (staging/, transactions/ and quarantine/ are never entered,
 * only checked to be directories). Only the marker, {@code current}, the current generation and
 * the blobs it references are opened, each as a regular file, the small ones with a size cap, and
 * every name is validated before it is joined to a path.
 */
final class UntrustedStore {
    static final int MAX_POINTER_BYTES = 64;
    static final int MAX_GENERATION_BYTES = 64 << 20;
    private static final Set<String> NOT_ENTERED = Set.of("staging", "transactions", "quarantine");
    private static final Pattern NUMBER = Pattern.compile("[1-9][0-9]{0,17}");
    private static final int OWNERS_SHOWN = 3;

    private final Path root;
    private final Generation generation;
    private final Map<Digest, List<String>> owners;

    private UntrustedStore(Path root, Generation generation, Map<Digest, List<String>> owners) {
        this.root = root;
        this.generation = generation;
        this.owners = owners;
    }

    static UntrustedStore open(Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        InputFiles.requireDirectory(root, dir.toString());
        Map<String, Long> files = RegularFiles.scan(root, Integer.MAX_VALUE, NOT_ENTERED);
        String marker = ascii(InputFiles.readSmall(root.resolve(Store.MARKER), Store.MARKER, MAX_POINTER_BYTES));
        if (!Store.FORMAT.equals(marker)) throw new RejectedException(Store.MARKER, "unsupported store format '" + marker + "'");
        if (!files.containsKey("current")) return new UntrustedStore(root, Generation.empty(), Map.of());
        String pointer = ascii(InputFiles.readSmall(root.resolve("current"), "current", MAX_POINTER_BYTES));
        if (!NUMBER.matcher(pointer).matches()) throw new RejectedException("current", "not a generation number");
        long number = Long.parseLong(pointer);
        String name = String.format("generations/%010d.json", number);
        Generation generation = parse(InputFiles.readSmall(root.resolve(name), name, MAX_GENERATION_BYTES), name, number);
        UntrustedStore store = new UntrustedStore(root, generation, owners(generation, name));
        for (Generation.Reference ref : generation.references()) store.checkBlob(ref);
        return store;
    }

    private static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII).trim();
    }

    private static Generation parse(byte[] json, String name, long number) throws RejectedException {
        Generation g;
        try {
            g = Json.MAPPER.readValue(json, Generation.class);
        } catch (JsonProcessingException e) {
            throw new RejectedException(name, "not a Ferry generation: " + reason(e));
        } catch (IOException | RuntimeException e) {
            throw new RejectedException(name, "not a Ferry generation");
        }
        if (g.number() != number) throw new RejectedException(name, "claims to be generation " + g.number());
        return g;
    }

    /** The reason without Jackson's Java type names: a value's own complaint, else where the JSON went wrong. */
    private static String reason(JsonProcessingException e) {
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof IllegalArgumentException && c.getMessage() != null) return c.getMessage();
        }
        return e.getLocation() == null ? "malformed" : "malformed at line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr();
    }

    /** Blob → the paths (or repository@digest) that need it; every digest parsed (validated) here. */
    private static Map<Digest, List<String>> owners(Generation g, String name) throws RejectedException {
        Map<Digest, List<String>> owners = new TreeMap<>();
        try {
            for (Generation.Reference ref : g.references()) owners.computeIfAbsent(ref.digest(), k -> new ArrayList<>()).add(ref.owner());
        } catch (IllegalArgumentException e) {
            throw new RejectedException(name, "lists an invalid digest: " + e.getMessage());
        }
        return owners;
    }

    Generation generation() {
        return generation;
    }

    Path root() {
        return root;
    }

    /** Opens a blob the generation references, as a regular file, for streaming. */
    InputStream open(Digest d) throws IOException {
        return InputFiles.openRegular(blobFile(d), blobEntry(d));
    }

    /** How refusals name a blob: its digest and what it serves. */
    String blobEntry(Digest d) {
        List<String> o = owners.getOrDefault(d, List.of());
        String shown = String.join(", ", o.subList(0, Math.min(OWNERS_SHOWN, o.size())));
        if (o.size() > OWNERS_SHOWN) shown += " and " + (o.size() - OWNERS_SHOWN) + " more";
        return "blob " + d + " (serves " + shown + ")";
    }

    private Path blobFile(Digest d) {
        return root.resolve("blobs").resolve(Digest.ALGORITHM).resolve(d.hex()); // hex is 64 checked hex digits
    }

    /** Present, a regular file, and of the size listed: checked for every reference before anything is staged. */
    private void checkBlob(Generation.Reference ref) throws IOException {
        Digest d = ref.digest();
        BasicFileAttributes a = InputFiles.requireRegular(blobFile(d), blobEntry(d));
        if (ref.size() != a.size()) {
            throw new RejectedException(blobEntry(d), "damaged: " + a.size() + " bytes, the generation lists " + ref.size());
        }
    }
}
