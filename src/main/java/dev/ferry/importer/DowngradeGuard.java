package dev.ferry.importer;

import dev.ferry.store.FileEntry;
import dev.ferry.store.Generation;
import dev.ferry.store.OciRepository;
import dev.ferry.core.RejectedException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Anti-replay per artifact, whatever the input (direct import, bundle on any channel, upload):
 * refuses a commit after which a line the families judge (a tag, a plugin) would serve something
 * older than it serves now. A line the commit removes entirely is not a downgrade.
 */
public final class DowngradeGuard {
    private final List<FreshnessRule> rules;

    public DowngradeGuard(List<FreshnessRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public void check(Generation current, Map<String, FileEntry> files, Map<String, OciRepository> repositories)
            throws RejectedException {
        Map<String, FreshnessRule.Position> before = newest(current.files(), current.repositories());
        Map<String, FreshnessRule.Position> after = newest(files, repositories);
        List<String> older = new ArrayList<>();
        before.forEach((line, was) -> {
            FreshnessRule.Position now = after.get(line);
            if (now != null && was.order().compare(now.value(), was.value()) < 0) {
                older.add(line + " would go from " + was.what() + " " + was.value() + " to " + now.value() + " (older)");
            }
        });
        if (older.isEmpty()) return;
        String more = older.size() > 1 ? " (" + (older.size() - 1) + " more go back too)" : "";
        throw new RejectedException("downgrade", older.get(0) + "; pass --allow-downgrade to accept" + more);
    }

    /** Per line, the newest position served. */
    private Map<String, FreshnessRule.Position> newest(Map<String, FileEntry> files, Map<String, OciRepository> repositories) {
        Map<String, FreshnessRule.Position> newest = new TreeMap<>();
        for (FreshnessRule rule : rules) {
            files.forEach((path, entry) -> rule.ofFile(path, entry).ifPresent(p -> keepNewer(newest, p)));
            repositories.forEach((name, repo) -> repo.tags().forEach((tag, digest) -> {
                OciRepository.OciManifest m = repo.manifests().get(digest.toString());
                if (m != null) rule.ofTag(name, tag, m).ifPresent(p -> keepNewer(newest, p));
            }));
        }
        return newest;
    }

    private static void keepNewer(Map<String, FreshnessRule.Position> newest, FreshnessRule.Position p) {
        newest.merge(p.line(), p, (a, b) -> a.order().compare(b.value(), a.value()) > 0 ? b : a);
    }
}
