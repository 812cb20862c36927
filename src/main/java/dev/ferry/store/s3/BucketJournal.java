package dev.ferry.store.s3;

import dev.ferry.core.Json;
import dev.ferry.core.RejectedException;
import dev.ferry.store.JournalEntry;
import dev.ferry.store.SharedEntries;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The store's journal entries in the bucket, one immutable object each:
 * {@code journal/<15-digit epoch milliseconds>-<uuid>.json}, so a listing returns them oldest
 * first. The keys this host wrote or took are kept in {@code journal-taken.txt} in its state
 * directory; a host whose state is new takes them all, which rebuilds its journal. The writer of
 * an entry deletes the oldest beyond {@link #keep}, so the listing stays short.
 */
final class BucketJournal implements SharedEntries {
    static final String ENTRIES = "journal/";
    static final int KEEP = 1000;
    static final long LIST_INTERVAL_MS = 10_000;
    private static final int SMALL_OBJECT = 1 << 20;

    private final S3Bucket bucket;
    private final Path takenFile;
    private final int keep;
    private Set<String> taken;
    private long lastListed = Long.MIN_VALUE;

    BucketJournal(S3Bucket bucket, Path stateDir, int keep) {
        this.bucket = bucket;
        this.takenFile = stateDir.resolve("journal-taken.txt");
        this.keep = keep;
    }

    @Override
    public synchronized void publish(JournalEntry entry) throws IOException {
        String name = ENTRIES + String.format("%015d", entry.time().toEpochMilli()) + "-" + UUID.randomUUID() + ".json";
        markTaken(name);
        bucket.create(name, Json.MAPPER.writeValueAsBytes(entry), Map.of());
        List<String> names = names();
        for (String old : names.subList(0, Math.max(0, names.size() - keep))) bucket.delete(old);
    }

    /**
     * Lists the bucket's entries at most every {@value #LIST_INTERVAL_MS} ms: a server reads its
     * journal at every catalog refresh, and another host's entry may show a few seconds late.
     */
    @Override
    public synchronized List<JournalEntry> take() throws IOException {
        long now = System.nanoTime();
        if (lastListed != Long.MIN_VALUE && now - lastListed < LIST_INTERVAL_MS * 1_000_000L) return List.of();
        lastListed = now;
        List<JournalEntry> entries = new ArrayList<>();
        List<String> listed = names();
        for (String name : listed) {
            if (taken().contains(name)) continue;
            try (InputStream in = bucket.get(name)) {
                entries.add(Json.read(in.readNBytes(SMALL_OBJECT), JournalEntry.class, bucket.location(name)));
            } catch (NoSuchFileException trimmed) {
                // deleted since the listing: older than what the journal keeps
            } catch (RejectedException unreadable) {
                // not an entry Ferry wrote; marked taken so it is not fetched again
            }
            markTaken(name);
        }
        if (taken().size() > 2 * keep) forgetUnlisted(listed);
        return entries;
    }

    private List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        bucket.list(ENTRIES, o -> {
            if (o.name().endsWith(".json")) names.add(o.name());
        });
        return names; // key order: oldest first
    }

    private Set<String> taken() throws IOException {
        if (taken == null) {
            taken = new HashSet<>();
            try {
                taken.addAll(Files.readAllLines(takenFile, StandardCharsets.UTF_8));
            } catch (NoSuchFileException none) {
                // a new host: everything in the bucket is still to take
            }
        }
        return taken;
    }

    private void markTaken(String name) throws IOException {
        if (!taken().add(name)) return;
        Files.writeString(takenFile, name + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Keeps the record of taken keys as short as the bucket's listing. */
    private void forgetUnlisted(List<String> listed) throws IOException {
        taken.retainAll(new HashSet<>(listed));
        Path temp = Files.createTempFile(takenFile.getParent(), "journal-taken", ".tmp");
        Files.write(temp, taken, StandardCharsets.UTF_8);
        Files.move(temp, takenFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
