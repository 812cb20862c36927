package dev.ferry.importer;

import dev.ferry.store.CatalogPath;
import dev.ferry.core.Digest;
import dev.ferry.store.FileEntry;
import dev.ferry.store.Generation;
import dev.ferry.store.OciRepository;
import dev.ferry.store.Store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/**
 * Another Ferry store's current generation as an input: every file (under the prefix, if given)
 * and every OCI repository, each blob re-hashed as it is read. This is how a store's content is
 * bundled ({@code ferry bundle create STORE}) or copied into another store. The store is read as
 * untrusted data ({@link UntrustedStore}), never opened as a store.
 */
public final class StoreInput implements ImportInput {
    private final UntrustedStore source;
    private final ImportOptions options;

    private StoreInput(UntrustedStore source, ImportOptions options) {
        this.source = source;
        this.options = options;
    }

    public static StoreInput open(Path dir, ImportOptions options) throws IOException {
        return new StoreInput(UntrustedStore.open(dir), options);
    }

    @Override
    public String describe() {
        return "store " + source.root() + " generation " + source.generation().number();
    }

    @Override
    public void stage(ImportSink sink) throws IOException {
        Generation generation = source.generation();
        if (options.replace()) sink.removeUnder(options.prefix());
        for (Map.Entry<String, FileEntry> e : generation.files().entrySet()) {
            FileEntry f = e.getValue();
            putBlob(sink, f.digest(), f.size());
            sink.putFile(CatalogPath.of(options.prefix(), e.getKey()), f.digest(), f.size(), f.mediaType(), f.family(), f.metadata());
        }
        for (Map.Entry<String, OciRepository> e : generation.repositories().entrySet()) {
            OciRepository repo = e.getValue();
            for (Map.Entry<String, OciRepository.OciManifest> m : repo.manifests().entrySet()) {
                putBlob(sink, Digest.parse(m.getKey()), m.getValue().size());
            }
            for (Map.Entry<String, Long> b : repo.blobs().entrySet()) putBlob(sink, Digest.parse(b.getKey()), b.getValue());
            sink.putRepository(e.getKey(), withoutPublishTimes(repo));
        }
    }

    private void putBlob(ImportSink sink, Digest d, long size) throws IOException {
        sink.putBlob(source.blobEntry(d), () -> source.open(d), d, size);
    }

    /** Publish times belong to the store that published; the receiving store records its own. */
    private static OciRepository withoutPublishTimes(OciRepository repo) {
        Map<String, OciRepository.OciManifest> m = new java.util.TreeMap<>();
        repo.manifests().forEach((d, manifest) -> m.put(d, manifest.withPublishedAt(null)));
        return new OciRepository(repo.tags(), m, repo.blobs());
    }

    /** Recognises a Ferry store directory by its marker file (any marker: a bad one is refused with its reason). */
    public static final class Kind implements InputKind {
        @Override
        public String name() {
            return "store";
        }

        @Override
        public String description() {
            return "a Ferry store directory (its current generation)";
        }

        @Override
        public boolean recognizes(Path path) {
            return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) && Files.exists(path.resolve(Store.MARKER), LinkOption.NOFOLLOW_LINKS);
        }

        @Override
        public ImportInput open(Path path, ImportOptions options) throws IOException {
            return StoreInput.open(path, options);
        }
    }
}
