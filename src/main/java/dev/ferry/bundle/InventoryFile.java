package dev.ferry.bundle;

import dev.ferry.core.Digest;
import dev.ferry.store.Generation;
import dev.ferry.core.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * {@code ferry.inventory.v1}: what a store inside the gap holds and lacks, carried out so the
 * connected side plans a delta (see {@code artifacts-layout/spec.md}). The catalog travels whole
 * (paths, tags, every digest with its size), so a bundle made against it is a delta bundle that
 * only that catalog imports.
 *
 * @param inventory the catalog's {@link Inventory} digest
 * @param wanted       Falco drivers clients asked for and did not get
 * @param overdue      artifacts past their upstream NextUpdate
 * @param wantedImages container images clients asked the registry for and did not get, as full references
 */
public record InventoryFile(String format, Instant exported, Digest inventory, Generation catalog, List<Wanted> wanted,
                            List<Overdue> overdue, List<String> wantedImages) {
    public static final String FORMAT = "ferry.inventory.v1";

    public InventoryFile {
        if (!FORMAT.equals(format)) throw new IllegalArgumentException("not a " + FORMAT + " file (format '" + format + "')");
        wanted = wanted == null ? List.of() : List.copyOf(wanted);
        overdue = overdue == null ? List.of() : List.copyOf(overdue);
        wantedImages = wantedImages == null ? List.of() : List.copyOf(wantedImages);
    }

    /** @param path the driver tree path, {@code driver/<version>/<arch>/<file>} */
    public record Wanted(String path, long requests, Instant lastSeen) {
    }

    /** @param artifact a repository or path, e.g. {@code aquasecurity/trivy-db:2} */
    public record Overdue(String artifact, Instant nextUpdate) {
    }

    /** The inventory of {@code catalog} now: overdue entries found from their metadata. */
    public static InventoryFile of(Generation catalog, List<Wanted> wanted, List<String> wantedImages, Instant now) {
        return new InventoryFile(FORMAT, now, Inventory.of(catalog), catalog, wanted, dev.ferry.bundle.Overdue.of(catalog, now),
                wantedImages);
    }

    public static InventoryFile read(Path file) throws IOException {
        InventoryFile f = Json.MAPPER.readValue(file.toFile(), InventoryFile.class);
        if (!Inventory.of(f.catalog()).equals(f.inventory())) {
            throw new IOException(file + ": the catalog does not match its inventory digest " + f.inventory());
        }
        return f;
    }

    public void write(Path file) throws IOException {
        Files.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
    }
}
