package dev.ferry.store;

import dev.ferry.core.Digest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * Re-hashes every blob and checks that every kept generation's references resolve to intact blobs
 * of the declared size. Read-only: it takes no lock and changes nothing.
 */
public final class StoreVerifier {
    private final Store store;

    public StoreVerifier(Store store) {
        this.store = store;
    }

    /** @param bytesHashed receives the size of each blob once hashed (progress) */
    public Report verify(LongConsumer bytesHashed) throws IOException {
        Map<Digest, String> damaged = new TreeMap<>();
        long[] counts = {0, 0};
        IOException[] failure = {null};
        Map<Digest, Long> listed = new java.util.HashMap<>();
        store.blobs().forEachSized((d, size) -> {
            if (failure[0] != null) return;
            try {
                Optional<Digest> actual = hash(d);
                counts[0]++;
                if (actual.isEmpty()) return; // collected while we ran
                listed.put(d, size);
                if (!actual.get().equals(d)) damaged.put(d, "content hashes to " + actual.get());
                counts[1] += size;
                bytesHashed.accept(size);
            } catch (IOException e) {
                failure[0] = e;
            }
        });
        if (failure[0] != null) throw failure[0];

        List<Problem> problems = new ArrayList<>();
        damaged.forEach((d, why) -> problems.add(new Problem(d, 0, "", "damaged blob: " + why)));
        for (long n : store.catalog().list()) {
            List<Problem> found = new ArrayList<>();
            try {
                Generation g = store.catalog().read(n);
                for (Generation.Reference ref : g.references()) {
                    Digest d = ref.digest();
                    // sizes from the listing; a blob published after it is looked up
                    Optional<Long> size = listed.containsKey(d) ? Optional.of(listed.get(d)) : store.blobs().size(d);
                    if (damaged.containsKey(d)) {
                        found.add(new Problem(d, n, ref.owner(), "served from a damaged blob"));
                    } else if (size.isEmpty()) {
                        found.add(new Problem(d, n, ref.owner(), "blob missing"));
                    } else if (size.get() != ref.size()) {
                        found.add(new Problem(d, n, ref.owner(), "blob has " + size.get() + " bytes, catalog says " + ref.size()));
                    }
                }
            } catch (IOException e) {
                found.add(new Problem(null, n, "", "generation unreadable: " + e.getMessage()));
            }
            // A generation collected by a concurrent gc, with its blobs, is not damage.
            if (!found.isEmpty() && store.catalog().list().contains(n)) problems.addAll(found);
        }
        return new Report(counts[0], counts[1], problems);
    }

    private Optional<Digest> hash(Digest d) throws IOException {
        MessageDigest md = Digest.newMessageDigest();
        byte[] buf = new byte[1 << 20];
        try (InputStream in = store.blobs().open(d)) {
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
        return Optional.of(Digest.of(md));
    }

    /**
     * One finding. {@code generation} 0 and empty {@code path} mean it concerns the blob alone.
     */
    public record Problem(Digest digest, long generation, String path, String description) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            if (generation > 0) sb.append("generation ").append(generation).append(' ');
            if (!path.isEmpty()) sb.append(path).append(' ');
            if (digest != null) sb.append(digest).append(' ');
            return sb.append("— ").append(description).toString();
        }
    }

    public record Report(long blobsChecked, long bytesChecked, List<Problem> problems) {
        public boolean clean() {
            return problems.isEmpty();
        }

        /** Blobs whose content does not match their name. */
        public java.util.Set<Digest> damagedBlobs() {
            java.util.Set<Digest> damaged = new java.util.TreeSet<>();
            for (Problem p : problems) {
                if (p.generation() == 0 && p.digest() != null) damaged.add(p.digest());
            }
            return damaged;
        }
    }
}
