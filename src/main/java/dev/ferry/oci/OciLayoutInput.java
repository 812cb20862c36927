package dev.ferry.oci;

import dev.ferry.importer.ManifestClassifiers;
import dev.ferry.importer.ManifestClassifier;
import dev.ferry.core.oci.UpstreamNames;
import dev.ferry.core.oci.OciNames;
import dev.ferry.core.oci.OciMediaTypes;
import dev.ferry.core.oci.OciJson;
import dev.ferry.core.oci.ManifestDocument;
import dev.ferry.core.oci.Descriptor;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ferry.importer.ImportInput;
import dev.ferry.importer.ImportOptions;
import dev.ferry.importer.ImportSink;
import dev.ferry.importer.InputKind;
import dev.ferry.core.Digest;
import dev.ferry.store.OciRepository;
import dev.ferry.core.RejectedException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An OCI image layout (directory or uncompressed tar) as an import input. {@link #open} checks the
 * whole graph (every manifest read, hash-checked and parsed; every referenced blob present with
 * its declared size; ref names mapped to repository:tag); {@link #stage} lets the families
 * validate their artifacts, then streams every manifest and blob into the sink, where each is
 * verified against its digest, and publishes the repositories. It talks only to the sink.
 */
public final class OciLayoutInput implements ImportInput {
    private final Opener opener;
    private final String description;
    private final Map<String, Map<String, Digest>> tags;
    private final Map<String, List<Digest>> untagged;
    private final OciLayout.Graph graph;
    private final boolean replace;
    private final ManifestClassifiers classifiers;

    /** Opens the layout's files, once to check them and once to stage them. */
    public interface Opener {
        LayoutSource open() throws IOException;
    }

    private OciLayoutInput(Opener opener, String description, Map<String, Map<String, Digest>> tags,
                           Map<String, List<Digest>> untagged, OciLayout.Graph graph, boolean replace,
                           ManifestClassifiers classifiers) {
        this.replace = replace;
        this.classifiers = classifiers;
        this.opener = opener;
        this.description = description;
        this.tags = tags;
        this.untagged = untagged;
        this.graph = graph;
    }

    public static OciLayoutInput open(Path path, ImportOptions options) throws IOException {
        return open(() -> LayoutSource.open(path), options);
    }

    /** A layout whose files {@code opener} gives (e.g. fetched blobs in the download cache, see {@link FetchedLayout}). */
    public static OciLayoutInput open(Opener opener, ImportOptions options) throws IOException {
        if (!options.prefix().isEmpty()) {
            throw new IllegalArgumentException("--prefix applies to file trees; an OCI layout publishes repositories "
                    + "(see --repository)");
        }
        String repository = options.setting(OciImportSettings.class).map(OciImportSettings::repository).orElse(null);
        if (repository != null && !OciNames.isName(repository)) {
            throw new IllegalArgumentException("--repository '" + repository + "' is not a valid OCI repository name");
        }
        UpstreamNames.Qualified upstream = repository == null ? null : UpstreamNames.split(repository);
        if (upstream != null) repository = upstream.name(); // docker.io/nginx is stored as docker.io/library/nginx
        try (LayoutSource source = opener.open()) {
            OciLayout layout = OciLayout.read(source);
            Map<String, Map<String, Digest>> tags = new TreeMap<>();
            Map<String, List<Digest>> untagged = new TreeMap<>();
            List<Descriptor> roots = new ArrayList<>();
            for (Descriptor d : layout.index()) {
                // unknown media types in index.json must not be an error (image-layout.md); they are skipped
                if (!OciMediaTypes.isManifest(d.mediaType()) && !OciMediaTypes.isSchema1(d.mediaType())) continue;
                String ref = d.annotation(OciMediaTypes.REF_NAME);
                if (ref == null) {
                    if (repository == null) continue; // untagged content is imported only into a named repository
                    untagged.computeIfAbsent(repository, k -> new ArrayList<>()).add(d.digest());
                    roots.add(d);
                    continue;
                }
                RefNames.Target target = RefNames.map(ref, repository);
                Digest before = tags.computeIfAbsent(target.repository(), k -> new TreeMap<>()).putIfAbsent(target.tag(), d.digest());
                if (before != null && !before.equals(d.digest())) {
                    throw new RejectedException("index.json ref name '" + ref + "'", target + " is named twice, for "
                            + before + " and " + d.digest());
                }
                roots.add(d);
            }
            if (roots.isEmpty()) {
                throw new RejectedException(source.describe(), "no manifest to import: index.json names no tagged manifest"
                        + (repository == null ? " (untagged manifests are imported only with --repository)" : ""));
            }
            return new OciLayoutInput(opener, source.describe(), tags, untagged, layout.walk(roots), options.replace(),
                    ManifestClassifiers.of(options));
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void stage(ImportSink sink) throws IOException {
        try (LayoutSource source = opener.open()) {
            Map<Digest, ManifestClassifier.Classification> classes = classify(source);
            for (ManifestDocument m : graph.manifests().values()) deliver(sink, source, m.digest(), m.size());
            for (Descriptor blob : graph.blobs().values()) deliver(sink, source, blob.digest(), blob.size());
            Map<String, RepositoryDraft> repos = new TreeMap<>();
            tags.forEach((name, byTag) -> byTag.forEach((tag, digest) -> draft(repos, name).tag(tag, digest)));
            untagged.forEach((name, digests) -> digests.forEach(d -> draft(repos, name).add(d)));
            addAliases(repos, classes);
            for (Map.Entry<String, RepositoryDraft> e : repos.entrySet()) {
                if (replace) sink.removeTags(e.getKey());
                sink.putRepository(e.getKey(), e.getValue().build(classes));
            }
        }
    }

    private Map<Digest, ManifestClassifier.Classification> classify(LayoutSource source) throws IOException {
        Map<Digest, ManifestClassifier.Classification> classes = new HashMap<>();
        ManifestClassifier.Blobs blobs = d -> new VerifyingInputStream(openBlob(source, d.digest()), d.digest(), d.size(),
                OciLayout.blobPath(d.digest()));
        for (ManifestDocument m : graph.manifests().values()) {
            classifiers.classify(m, blobs).ifPresent(c -> classes.put(m.digest(), c));
        }
        return classes;
    }

    private InputStream openBlob(LayoutSource source, Digest digest) throws IOException {
        String blobPath = OciLayout.blobPath(digest);
        if (source.size(blobPath).isPresent()) return source.open(blobPath);
        byte[] data = graph.embedded().get(digest);
        if (data != null) return new ByteArrayInputStream(data);
        throw new RejectedException(blobPath, "missing");
    }

    private void deliver(ImportSink sink, LayoutSource source, Digest digest, long size) throws IOException {
        sink.putBlob(OciLayout.blobPath(digest), () -> openBlob(source, digest), digest, size);
    }

    private RepositoryDraft draft(Map<String, RepositoryDraft> repos, String name) {
        return repos.computeIfAbsent(name, n -> new RepositoryDraft(graph));
    }

    /**
     * Publishes classified manifests under the names their family gives. A repository:tag this
     * import names explicitly is left alone; when two manifests claim one alias, the newer
     * {@code updatedAt} wins, and without one to compare the import is refused.
     */
    private void addAliases(Map<String, RepositoryDraft> repos, Map<Digest, ManifestClassifier.Classification> classes)
            throws RejectedException {
        Map<String, Digest> claimed = new TreeMap<>();
        for (Digest digest : graph.manifests().keySet()) {
            ManifestClassifier.Classification c = classes.get(digest);
            if (c == null) continue;
            for (Map.Entry<String, List<String>> alias : c.aliases().entrySet()) {
                for (String tag : alias.getValue()) {
                    String key = alias.getKey() + ":" + tag;
                    Digest other = claimed.get(key);
                    if (other == null || other.equals(digest)) {
                        claimed.put(key, digest);
                    } else if (newer(c, classes.get(other), key, digest, other)) {
                        claimed.put(key, digest);
                    }
                }
            }
        }
        for (Map.Entry<String, Digest> e : claimed.entrySet()) {
            int colon = e.getKey().lastIndexOf(':');
            String name = e.getKey().substring(0, colon);
            String tag = e.getKey().substring(colon + 1);
            Map<String, Digest> explicit = tags.getOrDefault(name, Map.of());
            if (explicit.containsKey(tag)) continue;
            draft(repos, name).tag(tag, e.getValue());
        }
    }

    private static boolean newer(ManifestClassifier.Classification a, ManifestClassifier.Classification b, String alias,
                                 Digest da, Digest db) throws RejectedException {
        String ua = a.metadata().get("updatedAt");
        String ub = b.metadata().get("updatedAt");
        if (ua == null || ub == null) throw new RejectedException(alias, "claimed by both " + da + " and " + db);
        return Instant.parse(ua).isAfter(Instant.parse(ub));
    }

    /** Tags and reachable content of one repository, collected before it is built. */
    private static final class RepositoryDraft {
        private final OciLayout.Graph graph;
        private final Map<String, Digest> tags = new TreeMap<>();
        private final Map<Digest, Boolean> manifests = new TreeMap<>();
        private final Map<Digest, Boolean> blobs = new TreeMap<>();

        RepositoryDraft(OciLayout.Graph graph) {
            this.graph = graph;
        }

        void tag(String tag, Digest digest) {
            tags.put(tag, digest);
            add(digest);
        }

        void add(Digest root) {
            OciLayout.Reach reach = graph.reach(root);
            reach.manifests().forEach(d -> manifests.put(d, true));
            reach.blobs().forEach(d -> blobs.put(d, true));
        }

        OciRepository build(Map<Digest, ManifestClassifier.Classification> classes) throws IOException {
            Map<String, OciRepository.OciManifest> m = new TreeMap<>();
            for (Digest d : manifests.keySet()) {
                ManifestDocument doc = graph.manifests().get(d);
                ManifestClassifier.Classification c = classes.get(d);
                Map<String, String> metadata = new TreeMap<>(genericMetadata(doc));
                if (c != null) metadata.putAll(c.metadata());
                m.put(d.toString(), new OciRepository.OciManifest(doc.mediaType(), doc.size(),
                        c == null ? "oci" : c.family(), metadata));
            }
            Map<String, Long> b = new TreeMap<>();
            for (Digest d : blobs.keySet()) b.put(d.toString(), graph.blobs().get(d).size());
            return new OciRepository(tags, m, b);
        }
    }

    /**
     * What the registry needs to answer the referrers API without reading manifests: the subject,
     * the artifact type as that API defines it, and the manifest's annotations.
     */
    static Map<String, String> genericMetadata(ManifestDocument doc) throws IOException {
        Map<String, String> metadata = new TreeMap<>();
        if (doc.artifactType() != null) metadata.put("artifactType", doc.artifactType());
        if (doc.subject() != null) {
            metadata.put("subject", doc.subject().digest().toString());
            if (doc.artifactType() == null && doc.config() != null) metadata.put("artifactType", doc.config().mediaType());
            try {
                metadata.put("annotations", OciJson.MAPPER.writeValueAsString(doc.annotations()));
            } catch (JsonProcessingException e) {
                throw new IOException(e);
            }
        }
        return metadata;
    }

    /** Recognises a layout directory (with an oci-layout file) or a tar holding one. */
    public static final class Kind implements InputKind {
        @Override
        public String name() {
            return "oci-layout";
        }

        @Override
        public String description() {
            return "an OCI image layout: a directory or uncompressed tar with oci-layout, index.json and blobs/";
        }

        @Override
        public boolean recognizes(Path path) {
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                return Files.isRegularFile(path.resolve(OciLayout.LAYOUT_FILE), LinkOption.NOFOLLOW_LINKS);
            }
            return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) && TarProbe.holdsLayout(path);
        }

        @Override
        public ImportInput open(Path path, ImportOptions options) throws IOException {
            return OciLayoutInput.open(path, options);
        }
    }
}
