package dev.ferry.importer;

import dev.ferry.store.BlobRepair;
import dev.ferry.store.CatalogPath;
import dev.ferry.core.Digest;
import dev.ferry.store.OciRepository;
import dev.ferry.store.Store;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;

/**
 * {@code ferry repair}: reads any input Ferry imports, verified as an import verifies it, but keeps
 * only the blobs the store's kept generations reference and lack. What the input would publish is
 * ignored, so a repair moves no tag and no path, and needs no {@code --allow-downgrade}.
 */
public final class Repairer {
    private Repairer() {
    }

    /** What a repair restored and what is still missing (digest → a path or repository that needs it). */
    public record Result(Set<Digest> restored, Map<Digest, String> missing) {
    }

    public static Result run(Store store, ImportInput input) throws IOException {
        try (BlobRepair repair = BlobRepair.begin(store)) {
            if (repair.needed().isEmpty()) return new Result(Set.of(), Map.of());
            input.stage(new RepairSink(repair));
            Map<Digest, String> missing = repair.finish("repair from " + input.describe());
            return new Result(Set.copyOf(repair.restored()), missing);
        }
    }

    /** Takes the blobs the repair needs; everything else an input delivers is verified by the input and dropped. */
    private record RepairSink(BlobRepair repair) implements ImportSink {
        @Override
        public Digest putBlob(String entry, BlobSource source, Digest expected, long expectedSize) throws IOException {
            if (expected == null || !repair.needs(expected)) return expected;
            try (InputStream in = source.open()) {
                repair.restore(entry, in, expected, expectedSize);
            }
            return expected;
        }

        @Override
        public void putFile(CatalogPath path, Digest digest, long size, String mediaType, String family, Map<String, String> metadata) {
        }

        @Override
        public void putRepository(String name, OciRepository repository) {
        }

        @Override
        public void removeUnder(String prefix) {
        }

        @Override
        public void removeFile(CatalogPath path) {
        }

        @Override
        public void removeTags(String name) {
        }

        @Override
        public boolean repairsOnly() {
            return true;
        }
    }
}
