package dev.ferry.spec;

import dev.ferry.bundle.Provenance;
import dev.ferry.importer.ImportInput;
import dev.ferry.importer.ImportSink;
import dev.ferry.store.CatalogPath;
import dev.ferry.core.Digest;
import dev.ferry.store.OciRepository;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A fetched input whose catalog entries carry their provenance in their metadata
 * ({@code upstream}, {@code verified}, {@code fetched}), so the store's catalog shows it after import.
 */
final class ProvenanceInput implements ImportInput {
    private final ImportInput inner;
    private final List<Provenance> provenance;

    ProvenanceInput(ImportInput inner, List<Provenance> provenance) {
        this.inner = inner;
        this.provenance = List.copyOf(provenance);
    }

    @Override
    public String describe() {
        return inner.describe();
    }

    @Override
    public Map<String, String> details() {
        return inner.details();
    }

    @Override
    public void stage(ImportSink sink) throws IOException {
        inner.stage(new ImportSink() {
            @Override
            public Digest putBlob(String entry, BlobSource source, Digest expected, long expectedSize) throws IOException {
                return sink.putBlob(entry, source, expected, expectedSize);
            }

            @Override
            public void putFile(CatalogPath path, Digest digest, long size, String mediaType, String family,
                                Map<String, String> metadata) throws IOException {
                sink.putFile(path, digest, size, mediaType, family, with(metadata, forPath(path.value())));
            }

            @Override
            public void putRepository(String name, OciRepository repository) throws IOException {
                Optional<Provenance> p = provenance.stream().filter(x -> x.published().stream()
                        .anyMatch(pub -> pub.startsWith(name + ":") || pub.startsWith(name + "@"))).findFirst();
                if (p.isEmpty()) {
                    sink.putRepository(name, repository);
                    return;
                }
                Map<String, OciRepository.OciManifest> manifests = new LinkedHashMap<>();
                repository.manifests().forEach((d, m) -> manifests.put(d, new OciRepository.OciManifest(m.mediaType(), m.size(), m.family(),
                        with(m.metadata(), p))));
                sink.putRepository(name, new OciRepository(repository.tags(), manifests, repository.blobs()));
            }

            @Override
            public void removeTags(String name) throws IOException {
                sink.removeTags(name);
            }

            @Override
            public void removeUnder(String prefix) throws IOException {
                sink.removeUnder(prefix);
            }

            @Override
            public java.util.Optional<dev.ferry.store.StoreTransaction> transaction() {
                return sink.transaction();
            }

            @Override
            public boolean repairsOnly() {
                return sink.repairsOnly();
            }

            @Override
            public void removeFile(CatalogPath path) throws IOException {
                sink.removeFile(path);
            }
        });
    }

    /** The artifact published at {@code path}, or whose zip a sidecar belongs to, or published at the flat plugin path. */
    private Optional<Provenance> forPath(String path) {
        String stripped = path.replaceAll("\\.(sha512|sig)$", "");
        String name = stripped.substring(stripped.lastIndexOf('/') + 1);
        return provenance.stream().filter(p -> p.published().stream().anyMatch(pub -> pub.equals(stripped)
                || (name.endsWith(".zip") && pub.endsWith("/" + name)))).findFirst();
    }

    private static Map<String, String> with(Map<String, String> metadata, Optional<Provenance> p) {
        if (p.isEmpty()) return metadata;
        Map<String, String> m = new TreeMap<>(metadata);
        m.put("upstream", p.get().upstream());
        m.put("verified", String.join(" ", p.get().verified()));
        m.put("fetched", p.get().fetched().toString());
        m.put("specEntry", p.get().artifact()); // e.g. image docker.io/library/nginx:1.27 (images-sc.list:2)
        return m;
    }
}
