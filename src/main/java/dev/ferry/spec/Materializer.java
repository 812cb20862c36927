package dev.ferry.spec;

import dev.ferry.bundle.Provenance;
import dev.ferry.falco.IndexInput;
import dev.ferry.fetch.FetchPool;
import dev.ferry.fetch.Fetched;
import dev.ferry.fetch.Fetcher;
import dev.ferry.fetch.OciReference;
import dev.ferry.fetch.RegistryClient;
import dev.ferry.importer.ImportInput;
import dev.ferry.importer.ImportOptions;
import dev.ferry.app.FerryFamilies;
import dev.ferry.oci.FetchedLayout;
import dev.ferry.oci.OciImportSettings;
import dev.ferry.oci.OciLayoutInput;
import dev.ferry.oci.OciUpstream;
import dev.ferry.opensearch.PluginImportSettings;
import dev.ferry.opensearch.PluginSignature;
import dev.ferry.opensearch.PluginUpstream;
import dev.ferry.opensearch.Sha512File;
import dev.ferry.store.CatalogPath;
import dev.ferry.core.Digest;
import dev.ferry.core.RejectedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fetches a plan's artifacts (at most {@code concurrency} at a time), verifies each, and presents them
 * as the input kinds Ferry already imports, each placed where the spec publishes it: a checksummed
 * tree per prefix for drivers and files, a verified plugin input per plugin, an OCI image layout per
 * image, the falcoctl index file. Payloads are read from the download cache where they were verified,
 * never copied; the inputs then make the bundle exactly as local inputs would, with every import check.
 */
public final class Materializer {
    private final Fetcher fetcher;
    private final Path work;
    private final PluginImportSettings pluginSettings;
    private final Lock locked;
    private final Clock clock;
    private final Map<String, ChecksummedTree> trees = new LinkedHashMap<>();
    private final List<Placed> placed = new ArrayList<>();
    private int dirs;
    private java.util.function.Consumer<Provenance> onFetched = p -> { };

    /** An input, published where the spec says, and the artifacts in it. */
    private record Placed(ImportInput input, List<Provenance> provenance) {
    }

    /** What a run produced: the inputs to bundle, provenance per artifact, and the lock of exactly this content. */
    public record Result(List<ImportInput> inputs, List<Provenance> provenance, Lock lock) {
    }

    /** @param locked what the bytes must hash to, by artifact (see {@link SpecRun#expected}), or null */
    public Materializer(Fetcher fetcher, Path work, PluginImportSettings pluginSettings, Lock locked, Clock clock) {
        this.fetcher = fetcher;
        this.work = work;
        this.pluginSettings = pluginSettings;
        this.locked = locked;
        this.clock = clock;
    }

    private record Done(PlannedArtifact artifact, Provenance provenance, Lock.Entry lock) {
    }

    /** Told of each artifact as soon as it is fetched and verified (from the download threads). */
    public Materializer onFetched(java.util.function.Consumer<Provenance> listener) {
        this.onFetched = listener;
        return this;
    }

    public Result run(Plan plan, int concurrency) throws IOException {
        List<PlannedArtifact> todo = plan.with(PlannedArtifact.Status.FETCH);
        List<Done> done;
        try (FetchPool pool = new FetchPool(Math.max(1, concurrency))) { // closing waits: nothing writes into the work directory after
            done = pool.runAll(todo.stream().map(a -> (Callable<Done>) () -> fetch(a)).toList());
        }
        Result r = finish(done);
        // what the base holds was resolved too: the lock names it, so a later locked run knows it
        Map<String, Lock.Entry> all = new TreeMap<>(r.lock().artifacts());
        for (PlannedArtifact a : plan.with(PlannedArtifact.Status.HELD)) {
            all.put(a.key(), new Lock.Entry(a.upstream(), a.digest(), lockedSha256(a) == null ? null : lockedSha256(a).toString(), a.size()));
        }
        return new Result(r.inputs(), r.provenance(), Lock.of(all));
    }


    private Done fetch(PlannedArtifact a) throws IOException {
        try {
            Source s = a.source();
            Done d = s instanceof Source.Oci o ? oci(a, o) : s instanceof Source.Plugin p ? plugin(a, p)
                    : s instanceof Source.File f ? file(a, f) : index(a, (Source.Index) s);
            onFetched.accept(d.provenance());
            return d;
        } catch (ArtifactFailure e) {
            throw e;
        } catch (dev.ferry.fetch.FetchException e) {
            throw ArtifactFailure.of(a.key(), e); // names the URL and the reason already
        } catch (IOException | RuntimeException e) {
            String reason = e instanceof RejectedException r ? r.entry() + ": " + r.reason() : e.getMessage();
            throw new ArtifactFailure(a.key(), a.upstream(), reason, e);
        }
    }

    private Done oci(PlannedArtifact a, Source.Oci o) throws IOException {
        OciUpstream.OciContent c = o.content();
        RegistryClient client = fetcher.registry(c.reference().host());
        OciReference repo = new OciReference(c.reference().host(), c.reference().repository(), null, c.upstreamDigest());
        Map<Digest, Path> blobs = new LinkedHashMap<>();
        for (OciUpstream.Blob b : c.blobs()) {
            Fetched f = client.blob(repo, b.digest(), b.size());
            check(a, f, b.digest(), b.size());
            blobs.put(b.digest(), f.file());
        }
        FetchedLayout layout = new FetchedLayout("fetched " + a.key(), c, blobs, o.tag());
        ImportInput input = OciLayoutInput.open(() -> layout, FerryFamilies.all().inputKinds()
                .equip(new ImportOptions().with(OciImportSettings.class, new OciImportSettings(o.repository()))));
        Provenance p = provenance(a, c.upstreamDigest().toString(), a.checks(), a.publish());
        place(new Placed(input, List.of(p)));
        return new Done(a, p, new Lock.Entry(a.upstream(), c.upstreamDigest().toString(), null, c.size()));
    }

    private Done plugin(PlannedArtifact a, Source.Plugin s) throws IOException {
        Fetched zip = fetcher.file(a.key(), s.zip(), lockedSha256(a));
        Path sidecars = newDir("opensearch");
        Path sha512 = Files.write(sidecars.resolve(s.zipName() + Sha512File.SUFFIX),
                fetcher.small(a.key(), PluginUpstream.sidecar(s.zip(), Sha512File.SUFFIX), Sha512File.MAX_BYTES));
        Path sig = Files.write(sidecars.resolve(s.zipName() + PluginSignature.SUFFIX),
                fetcher.small(a.key(), PluginUpstream.sidecar(s.zip(), PluginSignature.SUFFIX), PluginSignature.MAX_BYTES));
        // verified once, here; the bundle takes the verified input as it is
        PluginUpstream.Verified v = PluginUpstream.verify(zip.file(), s.zipName(), sha512, sig, pluginSettings,
                new ImportOptions().prefix(s.prefix()));
        if (!v.sha512().equals(s.sha512())) {
            throw new RejectedException(s.zipName(), "the .sha512 changed since the plan: " + s.sha512() + " then, " + v.sha512() + " now");
        }
        Provenance p = provenance(a, zip.digest().toString(), List.of("sha512", "pgp:" + v.signer()), a.publish());
        place(new Placed(v.input(), List.of(p)));
        return new Done(a, p, new Lock.Entry(a.upstream(), a.digest(), zip.digest().toString(), zip.size()));
    }

    private Done file(PlannedArtifact a, Source.File s) throws IOException {
        Digest expected = s.sha256() != null ? s.sha256() : lockedSha256(a);
        Fetched f = fetcher.file(a.key(), s.url(), expected);
        if (expected != null && !expected.equals(f.digest())) {
            throw new RejectedException(a.key(), "sha256 mismatch: expected " + expected + ", fetched " + f.digest());
        }
        List<String> verified = new ArrayList<>();
        if (s.sha256() != null) verified.add("sha256");
        if (s.sha512() != null) {
            String actual = Hashes.sha512(f.file());
            if (!actual.equals(s.sha512())) throw new RejectedException(a.key(), "sha512 mismatch: published " + s.sha512() + ", fetched " + actual);
            verified.add("sha512");
        }
        if (s.signature() != null) {
            verified.add("pgp:" + Signatures.verify(f.file(), fetcher.small(a.key(), s.signature(), PluginSignature.MAX_BYTES), Path.of(s.key())));
        }
        if (verified.isEmpty()) verified.add("tofu-tls");
        tree(s.prefix()).put(s.treePath(), f.file(), f.digest());
        Provenance p = provenance(a, f.digest().toString(), verified, a.publish());
        return new Done(a, p, new Lock.Entry(a.upstream(), a.digest(), f.digest().toString(), f.size()));
    }

    private Done index(PlannedArtifact a, Source.Index s) throws IOException {
        CatalogPath path = CatalogPath.of(s.path());
        Path dir = Files.createDirectories(work.resolve("index"));
        Path file = dir.resolve(path.fileName());
        Files.write(file, s.bytes());
        String parent = s.path().contains("/") ? s.path().substring(0, s.path().lastIndexOf('/')) : "";
        Provenance p = provenance(a, a.digest(), List.of("tofu-tls"), a.publish());
        place(new Placed(FerryFamilies.all().inputKinds().open(file, IndexInput.KIND, new ImportOptions().prefix(parent)), List.of(p)));
        return new Done(a, p, new Lock.Entry(a.upstream(), a.digest(), a.digest(), s.bytes().length));
    }

    private Result finish(List<Done> done) throws IOException {
        Map<String, Lock.Entry> lock = new TreeMap<>();
        List<Provenance> all = new ArrayList<>();
        for (Done d : done) {
            lock.put(d.artifact().key(), d.lock());
            all.add(d.provenance());
        }
        for (Map.Entry<String, ChecksummedTree> t : trees.entrySet()) {
            place(new Placed(t.getValue().input(), under(all, t.getKey())));
        }
        List<ImportInput> inputs = new ArrayList<>();
        for (Placed p : placed) inputs.add(new ProvenanceInput(p.input(), p.provenance()));
        return new Result(inputs, all, Lock.of(lock));
    }

    private List<Provenance> under(List<Provenance> all, String prefix) {
        return all.stream().filter(p -> p.published().stream().allMatch(x -> prefix.isEmpty() || x.startsWith(prefix + "/"))).toList();
    }

    private synchronized void place(Placed p) {
        placed.add(p);
    }

    /** The tree published under {@code prefix} (one per prefix: drivers and files may share it). */
    private synchronized ChecksummedTree tree(String prefix) throws IOException {
        ChecksummedTree t = trees.get(prefix);
        if (t == null) {
            t = new ChecksummedTree(prefix);
            trees.put(prefix, t);
        }
        return t;
    }

    /** A new directory in the work directory for small files (sidecars). */
    private synchronized Path newDir(String kind) throws IOException {
        return Files.createDirectories(work.resolve(kind).resolve(Integer.toString(++dirs)));
    }

    private Digest lockedSha256(PlannedArtifact a) {
        if (locked == null) return null;
        Lock.Entry e = locked.artifacts().get(a.key());
        return e == null || e.sha256() == null ? null : Digest.parse(e.sha256());
    }

    private static void check(PlannedArtifact a, Fetched f, Digest digest, long size) throws RejectedException {
        if (!f.digest().equals(digest)) throw new RejectedException(a.key(), "blob " + digest + " arrived as " + f.digest());
        if (f.size() != size) throw new RejectedException(a.key(), "blob " + digest + ": " + f.size() + " bytes, the manifest says " + size + " (truncated?)");
    }

    private Provenance provenance(PlannedArtifact a, String digest, List<String> verified, String published) {
        return new Provenance(a.key(), a.upstream(), digest, verified, clock.instant(), List.of(published));
    }
}
