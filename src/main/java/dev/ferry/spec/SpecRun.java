package dev.ferry.spec;

import dev.ferry.bundle.InventoryFile;
import dev.ferry.fetch.Fetcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code bundle plan} and {@code bundle create --spec} share: read the spec (and the lock),
 * plan against the base, and refuse drift from the lock or, with strict, missing drivers.
 *
 * @param lockFile where the lock is read ({@code --locked}) or written
 */
public record SpecRun(Path specFile, Path lockFile, boolean locked, boolean strict, InventoryFile base) {

    /** @param base an inventory file, or a store directory (its current catalog), or null */
    public static SpecRun of(Path spec, Path lock, boolean locked, boolean strict, Path base) throws IOException {
        return new SpecRun(spec, lock != null ? lock : Lock.besides(spec), locked, strict, base == null ? null
                : Files.isDirectory(base) ? InventoryFile.of(dev.ferry.store.Store.open(base).current(), java.util.List.of(),
                java.util.List.of(), java.time.Instant.now()) : InventoryFile.read(base));
    }

    /** The lock to rebuild, or null without {@code --locked}. */
    public Lock lock() throws IOException {
        if (!locked) return null;
        if (!Files.exists(lockFile)) throw new IOException(lockFile + ": no lock to rebuild (run create without --locked first)");
        return Lock.read(lockFile);
    }

    /**
     * The sha256 each artifact's bytes must have: with {@code --locked} every one the lock has; else
     * those of the previous lock whose upstream digest (a manifest digest, a published sha512) is
     * unchanged, so a re-run takes them from the download cache instead of downloading them again.
     */
    public Lock expected(Plan plan) throws IOException {
        if (locked) return lock();
        if (!Files.exists(lockFile)) return null;
        Lock previous;
        try {
            previous = Lock.read(lockFile);
        } catch (IOException | RuntimeException unreadable) {
            return null; // a damaged lock only costs downloads; it is rewritten after this run
        }
        java.util.Map<String, Lock.Entry> same = new java.util.TreeMap<>();
        for (PlannedArtifact a : plan.artifacts()) {
            Lock.Entry e = previous.artifacts().get(a.key());
            if (e != null && a.digest() != null && a.digest().equals(e.digest()) && a.upstream().equals(e.upstream())) same.put(a.key(), e);
        }
        return Lock.of(same);
    }

    public Plan plan(Fetcher fetcher) throws IOException, SpecException {
        Spec spec = SpecParser.read(specFile);
        Path dir = specFile.toAbsolutePath().getParent();
        Plan plan = new Planner(fetcher, dir, base, 8).plan(spec);
        Lock lock = lock();
        if (lock != null) {
            String drift = lock.drift(plan);
            if (drift != null) throw new SpecException("--locked: " + drift);
        }
        if (strict && !plan.with(PlannedArtifact.Status.MISSING).isEmpty()) {
            throw new SpecException("--strict: no prebuilt driver upstream for " + String.join(", ",
                    plan.with(PlannedArtifact.Status.MISSING).stream().map(a -> a.key() + " (" + a.upstream() + ")").toList()));
        }
        return plan;
    }

    /**
     * Plugin settings for fetched plugins: a signature is required (upstream signs every official
     * plugin), and the spec's {@code opensearch.keys} (e.g. the 3.0+ release key) are trusted too.
     */
    public dev.ferry.opensearch.PluginImportSettings pluginSettings(dev.ferry.opensearch.PluginImportSettings configured)
            throws IOException, SpecException {
        Spec spec = SpecParser.read(specFile);
        java.util.List<Path> keys = new java.util.ArrayList<>(configured.keyFiles());
        if (spec.opensearch() != null) {
            Path dir = specFile.toAbsolutePath().getParent();
            spec.opensearch().keys().forEach(k -> keys.add(dir.resolve(k)));
        }
        return new dev.ferry.opensearch.PluginImportSettings(configured.trustBuiltInKey(), keys, true, false);
    }
}
