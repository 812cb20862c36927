package dev.ferry.spec;

import java.util.List;

/** Everything a spec resolves to, and the notes a base inventory adds (overdue artifacts). */
public record Plan(List<PlannedArtifact> artifacts, List<String> notes) {
    public Plan {
        artifacts = List.copyOf(artifacts);
        notes = List.copyOf(notes);
    }

    public List<PlannedArtifact> with(PlannedArtifact.Status status) {
        return artifacts.stream().filter(a -> a.status() == status).toList();
    }

    /** Bytes of the artifacts to fetch whose size is known. */
    public long fetchBytes() {
        return with(PlannedArtifact.Status.FETCH).stream().mapToLong(a -> Math.max(0, a.size())).sum();
    }

    public long heldBytes() {
        return with(PlannedArtifact.Status.HELD).stream().mapToLong(a -> Math.max(0, a.size())).sum();
    }
}
