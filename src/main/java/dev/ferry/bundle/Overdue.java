package dev.ferry.bundle;

import dev.ferry.store.Generation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Catalog entries whose upstream said when the next update is due (Trivy's NextUpdate), and that time has passed. */
final class Overdue {
    private Overdue() {
    }

    static List<InventoryFile.Overdue> of(Generation g, Instant now) {
        List<InventoryFile.Overdue> overdue = new ArrayList<>();
        g.files().forEach((path, f) -> due(path, f.metadata().get("nextUpdate"), now, overdue));
        g.repositories().forEach((name, repo) -> repo.tags().forEach((tag, digest) -> {
            var m = repo.manifests().get(digest.toString());
            if (m != null) due(name + ":" + tag, m.metadata().get("nextUpdate"), now, overdue);
        }));
        return overdue;
    }

    private static void due(String artifact, String nextUpdate, Instant now, List<InventoryFile.Overdue> into) {
        if (nextUpdate == null) return;
        try {
            Instant next = Instant.parse(nextUpdate);
            if (next.isBefore(now)) into.add(new InventoryFile.Overdue(artifact, next));
        } catch (java.time.format.DateTimeParseException ignored) {
            // metadata written by another family in another form is not a deadline
        }
    }
}
