package dev.ferry.spec;

import dev.ferry.bundle.InventoryFile;
import dev.ferry.falco.DriverUpstream;
import dev.ferry.falco.FalcoIndex;
import dev.ferry.falco.IndexUpstream;
import dev.ferry.fetch.FetchPool;
import dev.ferry.fetch.Fetcher;
import dev.ferry.fetch.OciReference;
import dev.ferry.oci.OciUpstream;
import dev.ferry.opensearch.PluginLayout;
import dev.ferry.opensearch.PluginUpstream;
import dev.ferry.opensearch.Sha512File;
import dev.ferry.store.CatalogPath;
import dev.ferry.core.Digest;
import dev.ferry.store.FileEntry;
import dev.ferry.store.OciRepository;
import dev.ferry.trivy.TrivyUpstream;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves every reference of a spec without downloading payloads: manifests and indexes (small,
 * verified), checksum files and the falcoctl index; sizes of files by HEAD. With a base inventory,
 * what the base holds is marked held and the drivers its clients wanted are added.
 */
public final class Planner {
    static final int SMALL = 4 * 1024 * 1024;
    private final Fetcher fetcher;
    private final Path specDir;
    /** Every reference the images section names (normalised), filled as its lists are read. */
    private final Set<String> imagesNamed = new HashSet<>();
    private final InventoryFile base;
    private final Map<String, PlannedArtifact> planned = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final List<Callable<PlannedArtifact>> jobs = new ArrayList<>();
    private final Set<String> drivers = new HashSet<>();
    private final int concurrency;

    /**
     * @param base        null for a full bundle
     * @param concurrency references resolved at a time
     */
    public Planner(Fetcher fetcher, Path specDir, InventoryFile base, int concurrency) {
        this.concurrency = Math.max(1, concurrency);
        this.fetcher = fetcher;
        this.specDir = specDir;
        this.base = base;
    }

    public Plan plan(Spec spec) throws IOException, SpecException {
        if (spec.trivy() != null) {
            trivy("trivy db", spec.trivy().db(), TrivyUpstream.DB);
            trivy("trivy javadb", spec.trivy().javadb(), TrivyUpstream.JAVA_DB);
        }
        if (spec.opensearch() != null) {
            for (Spec.Plugin p : spec.opensearch().plugins()) for (String v : p.versions()) plugin(p, v);
        }
        if (spec.falco() != null) {
            for (Spec.Drivers d : spec.falco().drivers()) drivers(d);
            if (spec.falco().index() != null) index(spec.falco().index());
        }
        if (base != null) wantedDrivers();
        for (Spec.Oci o : spec.oci()) {
            OciReference ref = OciReference.parse(o.ref());
            oci("oci " + o.ref(), List.of(ref), o.platforms(), o.repository() != null ? o.repository() : qualified(ref));
        }
        if (spec.images() != null) images(spec.images());
        if (base != null) wantedImages(spec);
        for (Spec.File f : spec.files()) file(f);
        if (base != null) base.overdue().forEach(o -> notes.add("the base reports " + o.artifact() + " overdue since " + o.nextUpdate()));
        resolveAll();
        return new Plan(new ArrayList<>(planned.values()), notes);
    }

    private void trivy(String key, Spec.TrivyDb db, String defaultSource) {
        if (db == null) return;
        List<OciReference> candidates = new ArrayList<>();
        candidates.add(OciReference.parse(db.source() != null ? db.source() : defaultSource));
        db.mirrors().forEach(m -> candidates.add(OciReference.parse(m)));
        oci(key, candidates, List.of(), db.repository() != null ? db.repository() : candidates.get(0).repository());
    }

    private void oci(String key, List<OciReference> candidates, List<String> platforms, String repository) {
        later(() -> {
            OciUpstream.OciContent c = OciUpstream.resolve(fetcher, key, candidates, platforms);
            String tag = candidates.get(0).tag();
            List<String> checks = platforms.isEmpty() ? List.of("oci-digest") : List.of("oci-digest", "platforms " + String.join(",", platforms));
            return new PlannedArtifact(key, "oci", OciUpstream.name(c.reference()), c.upstreamDigest().toString(), c.size(),
                    repository + (tag == null ? "@" + c.top().digest() : ":" + tag), checks, ociHeld(repository, tag, c),
                    new Source.Oci(c, repository, tag));
        });
    }

    /**
     * Images are stored under their upstream host (artifacts-layout/mirror.md), so several upstreams
     * share one Ferry; a host with a port cannot be part of a repository name, so it is dropped.
     */
    static String qualified(OciReference ref) {
        return ref.host().contains(":") ? ref.repository() : ref.host() + "/" + ref.repository();
    }

    private PlannedArtifact.Status ociHeld(String repository, String tag, OciUpstream.OciContent c) {
        if (base == null) return PlannedArtifact.Status.FETCH;
        Optional<OciRepository> repo = base.catalog().repository(repository);
        boolean held = repo.isPresent() && (tag == null ? repo.get().manifests().containsKey(c.top().digest().toString())
                : c.top().digest().equals(repo.get().tags().get(tag)));
        return held ? PlannedArtifact.Status.HELD : PlannedArtifact.Status.FETCH;
    }

    private void plugin(Spec.Plugin p, String version) {
        later(() -> plannedPlugin(p, version));
    }

    private PlannedArtifact plannedPlugin(Spec.Plugin p, String version) throws IOException {
        String key = "opensearch " + p.name() + " " + version;
        URI zip = PluginUpstream.zipUrl(p.source(), p.name(), version);
        String zipName = PluginUpstream.zipName(p.name(), version);
        String sha512 = PluginUpstream.declaredSha512(fetcher.small(key, PluginUpstream.sidecar(zip, Sha512File.SUFFIX), Sha512File.MAX_BYTES),
                zipName, PluginUpstream.sidecar(zip, Sha512File.SUFFIX));
        long size = fetcher.probe(key, zip).orElseThrow(() -> new IOException(key + ": " + zip + ": not found upstream (404)"));
        String publish = CatalogPath.of(p.prefix(), PluginLayout.upstreamPath(p.name(), version)).value();
        return new PlannedArtifact(key, "opensearch", zip.toString(), "sha512:" + sha512, size, publish, List.of("sha512", "pgp"),
                heldPath(publish, null), new Source.Plugin(zip, zipName, sha512, p.prefix()));
    }

    private void drivers(Spec.Drivers d) throws IOException, SpecException {
        List<Spec.Kernel> kernels = new ArrayList<>(d.kernels());
        if (d.kernelsFrom() != null) {
            Spec from = SpecParser.read(specDir.resolve(d.kernelsFrom()));
            if (from.falco() != null) from.falco().drivers().forEach(x -> kernels.addAll(x.kernels()));
        }
        for (String version : d.versions()) {
            for (String arch : d.archs()) {
                for (String kind : d.kinds()) {
                    for (Spec.Kernel k : kernels) {
                        driver(d.source(), d.prefix(), version, arch,
                                DriverUpstream.fileName(k.target(), k.kernelRelease(), k.kernelVersion(), kind));
                    }
                }
            }
        }
    }

    private void driver(String source, String prefix, String version, String arch, String fileName) {
        String treePath = DriverUpstream.treePath(version, arch, fileName);
        String key = "falco " + treePath;
        if (!drivers.add(key)) return; // kernel lists may overlap
        URI url = DriverUpstream.url(source, version, arch, fileName);
        String publish = CatalogPath.of(prefix, treePath).value();
        later(() -> {
            Optional<Long> size = fetcher.probe(key, url);
            PlannedArtifact.Status status = size.isEmpty() ? PlannedArtifact.Status.MISSING : heldPath(publish, null);
            return new PlannedArtifact(key, "falco", url.toString(), null, size.orElse(-1L), publish, List.of("tofu-tls"), status,
                    new Source.File(url, treePath, prefix, null, null, null, null));
        });
    }

    /** Drivers the base's clients asked for and did not get, from the default upstream. */
    private void wantedDrivers() {
        for (InventoryFile.Wanted w : base.wanted()) {
            String[] parts = w.path().split("/");
            if (parts.length != 4 || !parts[0].equals("driver")) continue;
            driver(null, "", parts[1], parts[2], parts[3]);
        }
    }

    /** Every image of the lists and refs, once, under its upstream host; the key names the list line it came from. */
    private void images(Spec.Images images) throws IOException, SpecException {
        List<ImagesList.Entry> entries = new ArrayList<>();
        for (String list : images.lists()) entries.addAll(ImagesList.read(specDir.resolve(list)));
        for (String ref : images.refs()) entries.add(new ImagesList.Entry(OciReference.parse(ref), "images.refs"));
        for (ImagesList.Entry e : entries) {
            if (!imagesNamed.add(e.reference().toString())) continue;
            oci("image " + e.reference() + " (" + e.origin() + ")", List.of(e.reference()), images.platforms(), qualified(e.reference()));
        }
    }

    /** Images the base's clients asked for and did not get (unless the spec names them itself), under their upstream host. */
    private void wantedImages(Spec spec) {
        Set<String> named = new HashSet<>(imagesNamed);
        spec.oci().forEach(o -> named.add(o.ref()));
        for (String reference : base.wantedImages()) {
            if (named.contains(reference) || named.contains(OciReference.parse(reference).toString())) continue;
            OciReference ref = OciReference.parse(reference);
            oci("oci " + reference, List.of(ref), List.of(), qualified(ref));
        }
    }

    private void index(Spec.Index ix) throws IOException, SpecException {
        URI url = URI.create(ix.url() != null ? ix.url() : IndexUpstream.DEFAULT_URL);
        byte[] bytes = fetcher.small("falco index", url, FalcoIndex.MAX_BYTES);
        FalcoIndex index = FalcoIndex.parse(bytes, url.toString());
        Digest d = Digest.ofBytes(bytes);
        PlannedArtifact indexArtifact = new PlannedArtifact("falco index", "falco", url.toString(), d.toString(), bytes.length, ix.path(),
                List.of("tofu-tls"), heldPath(ix.path(), d), new Source.Index(url, bytes, ix.path()));
        later(() -> indexArtifact);
        for (Spec.IndexArtifact a : ix.artifacts()) {
            FalcoIndex.Entry e = IndexUpstream.entry(index, a.name(), url.toString());
            OciReference ref = new OciReference(e.registry(), e.repository(), a.tag(), null);
            oci("falco " + a.name() + ":" + a.tag(), List.of(ref), a.platforms(), a.repository() != null ? a.repository() : e.repository());
        }
    }

    private void file(Spec.File f) {
        later(() -> plannedFile(f));
    }

    private PlannedArtifact plannedFile(Spec.File f) throws IOException {
        String key = "file " + f.path();
        URI url = URI.create(f.url());
        String fileName = url.getPath().substring(url.getPath().lastIndexOf('/') + 1);
        Digest sha256 = f.sha256() != null ? Digest.parse(f.sha256().contains(":") ? f.sha256() : "sha256:" + f.sha256()) : null;
        String sha512 = null;
        List<String> checks = new ArrayList<>();
        if (f.sha256sums() != null) {
            URI sums = URI.create(f.sha256sums());
            sha256 = ChecksumLines.find(fetcher.small(key, sums, SMALL), fileName, 64, sums).map(Digest::ofHex)
                    .orElseThrow(() -> new IOException(key + ": " + sums + " lists no " + fileName));
        }
        if (f.sha512() != null) {
            URI sums = URI.create(f.sha512());
            sha512 = ChecksumLines.find(fetcher.small(key, sums, SMALL), fileName, 128, sums)
                    .orElseThrow(() -> new IOException(key + ": " + sums + " lists no " + fileName));
            checks.add("sha512");
        } else {
            checks.add("sha256");
        }
        if (f.signature() != null) checks.add("pgp");
        long size = fetcher.probe(key, url).orElseThrow(() -> new IOException(key + ": " + url + ": not found upstream (404)"));
        return new PlannedArtifact(key, "file", url.toString(), sha256 != null ? sha256.toString() : "sha512:" + sha512, size, f.path(),
                checks, heldPath(f.path(), sha256), new Source.File(url, CatalogPath.of(f.path()).value(), "", sha256, sha512,
                f.signature() == null ? null : URI.create(f.signature()), f.key() == null ? null : specDir.resolve(f.key()).toString()));
    }

    /** Held when the base publishes the path (with that digest, when it is known before fetching). */
    private PlannedArtifact.Status heldPath(String path, Digest digest) {
        if (base == null) return PlannedArtifact.Status.FETCH;
        FileEntry e = base.catalog().files().get(path);
        boolean held = e != null && (digest == null || e.digest().equals(digest));
        return held ? PlannedArtifact.Status.HELD : PlannedArtifact.Status.FETCH;
    }

    private void later(Callable<PlannedArtifact> job) {
        jobs.add(job);
    }

    /** Resolves at most {@code concurrency} artifacts at a time; the plan keeps the spec's order. */
    private void resolveAll() throws IOException, SpecException {
        try (FetchPool pool = new FetchPool(concurrency)) {
            for (PlannedArtifact a : pool.runAll(jobs)) add(a);
        }
    }

    /** Two entries for the same artifact would publish one path or tag twice: refused, except drivers (kernel lists overlap). */
    private void add(PlannedArtifact a) throws SpecException {
        PlannedArtifact before = planned.putIfAbsent(a.key(), a);
        if (before != null && !a.family().equals("falco")) throw new SpecException(a.key() + ": named twice in the spec");
        for (PlannedArtifact other : planned.values()) {
            if (other != a && other.publish().equals(a.publish()) && before == null) {
                throw new SpecException(a.key() + " and " + other.key() + " would both be published as " + a.publish());
            }
        }
    }
}
