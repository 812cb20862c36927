package dev.ferry.bundle;

import dev.ferry.core.Digest;
import dev.ferry.store.Generation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The identity of what a catalog serves, independent of generation numbers and publish times: the
 * SHA-256 of one line per published item, sorted bytewise. A delta bundle names the inventory it
 * was made against and applies only to a store whose current catalog has exactly that inventory.
 * <pre>
 *   file␉{path}␉{digest}␉{size}
 *   tag␉{repository}␉{tag}␉{digest}
 *   manifest␉{repository}␉{digest}␉{size}
 *   blob␉{repository}␉{digest}␉{size}
 * </pre>
 * (␉ is a TAB; each line ends with LF; catalog paths and OCI names cannot contain either.)
 */
public final class Inventory {
    private Inventory() {
    }

    public static Digest of(Generation generation) {
        List<byte[]> lines = new ArrayList<>();
        generation.files().forEach((path, f) -> lines.add(line("file", path, f.digest().toString(), Long.toString(f.size()))));
        generation.repositories().forEach((name, repo) -> {
            repo.tags().forEach((tag, d) -> lines.add(line("tag", name, tag, d.toString())));
            repo.manifests().forEach((d, m) -> lines.add(line("manifest", name, d, Long.toString(m.size()))));
            repo.blobs().forEach((d, size) -> lines.add(line("blob", name, d, Long.toString(size))));
        });
        lines.sort(Arrays::compareUnsigned);
        MessageDigest md = Digest.newMessageDigest();
        lines.forEach(md::update);
        return Digest.of(md);
    }

    private static byte[] line(String... fields) {
        return (String.join("\t", fields) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
