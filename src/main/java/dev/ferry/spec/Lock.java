package dev.ferry.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ferry.core.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code ferry.lock.v1}: every artifact a create fetched, by its plan key, with the URL or reference
 * and what it resolved to. Keys sorted, so the same content gives the same bytes.
 *
 * @param artifacts by {@link PlannedArtifact#key}
 */
public record Lock(String format, Map<String, Entry> artifacts) {
    public static final String FORMAT = "ferry.lock.v1";

    public Lock {
        if (!FORMAT.equals(format)) throw new IllegalArgumentException("not a " + FORMAT + " file (format '" + format + "')");
        artifacts = Collections.unmodifiableSortedMap(new TreeMap<>(artifacts == null ? Map.of() : artifacts));
    }

    /**
     * @param digest what the upstream named ({@code sha256:…} of a manifest, {@code sha512:…} of a plugin), if anything
     * @param sha256 the fetched bytes' sha256 for files, plugins, drivers and the index
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String upstream, String digest, String sha256, long size) {
    }

    public static Lock of(Map<String, Entry> artifacts) {
        return new Lock(FORMAT, artifacts);
    }

    public static Path besides(Path spec) {
        return spec.resolveSibling(spec.getFileName() + ".lock");
    }

    public static Lock read(Path file) throws IOException {
        return Json.MAPPER.readValue(file.toFile(), Lock.class);
    }

    public void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Why the plan differs from this lock, or null when it does not (artifacts missing upstream are skipped). */
    public String drift(Plan plan) {
        for (PlannedArtifact a : plan.artifacts()) {
            if (a.status() == PlannedArtifact.Status.MISSING) continue;
            Entry e = artifacts.get(a.key());
            if (e == null) return a.key() + ": named by the spec but not in the lock";
            if (!e.upstream().equals(a.upstream())) return a.key() + ": locked from " + e.upstream() + ", the spec now says " + a.upstream();
            if (a.digest() != null && e.digest() != null && !a.digest().equals(e.digest())) {
                return a.key() + " (" + a.upstream() + "): upstream now resolves to " + a.digest() + ", the lock has " + e.digest();
            }
        }
        return null;
    }
}
