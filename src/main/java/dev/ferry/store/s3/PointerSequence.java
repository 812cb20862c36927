package dev.ferry.store.s3;

import dev.ferry.core.Json;
import dev.ferry.core.RejectedException;
import dev.ferry.store.ConcurrentPublishException;
import dev.ferry.store.PointerState;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.OptionalLong;

/**
 * The current pointer as a sequence of immutable objects {@code current/<20-digit sequence>}, each
 * naming a generation; the highest sequence is the pointer. Moving it = creating the next
 * sequence with {@code If-None-Match: *}, so of two writers that began from the same sequence
 * exactly one moves it. {@code current.json} repeats the newest pointer as a hint that readers
 * poll with a conditional GET; the hint never decides, a changed one only makes them list.
 */
final class PointerSequence {
    static final String POINTERS = "current/";
    static final String HINT = "current.json";
    static final String FORMAT = "ferry.pointer.v1";
    /** Pointer objects kept when a new one is written; older ones only cost a longer listing. */
    static final int KEEP = 10;
    /** Polls answered by the hint before the pointers are listed anyway (a lost hint write heals). */
    static final int LIST_EVERY = 15;
    private static final int SMALL_OBJECT = 1 << 20;

    private final S3Bucket bucket;
    private String hintEtag;
    private PointerState polled;
    private int polls;

    PointerSequence(S3Bucket bucket) {
        this.bucket = bucket;
    }

    /** A pointer object: which generation, and its own sequence number (repeated in the hint). */
    record PointerFile(String format, long generation, long sequence) {
    }

    static String name(long sequence) {
        return POINTERS + String.format("%020d", sequence);
    }

    /**
     * The generation the pointer names, cheaply: while the hint is unchanged (304) the pointer found
     * last time stands, but the pointers are listed again every {@value #LIST_EVERY} polls regardless.
     */
    synchronized OptionalLong poll() throws IOException {
        boolean listAnyway = polled == null || ++polls % LIST_EVERY == 0;
        if (!listAnyway) {
            try {
                Optional<S3Bucket.Fetched> hint = bucket.getIfChanged(HINT, hintEtag, SMALL_OBJECT);
                if (hint.isEmpty()) return polled.generation();
                hintEtag = hint.get().etag();
            } catch (NoSuchFileException noHint) {
                hintEtag = null;
            }
        } else {
            hintEtag = null; // the next poll fetches the hint and remembers its ETag
        }
        polled = newest();
        return polled.generation();
    }

    /** The newest pointer object, listed: authoritative. */
    PointerState newest() throws IOException {
        long[] newest = {0};
        bucket.list(POINTERS, o -> {
            try {
                newest[0] = Math.max(newest[0], Long.parseLong(o.name().substring(POINTERS.length())));
            } catch (NumberFormatException notAPointer) {
                // a stray object; only Ferry's pointers count
            }
        });
        if (newest[0] == 0) return new PointerState(OptionalLong.empty(), 0);
        byte[] content;
        try (InputStream in = bucket.get(name(newest[0]))) {
            content = in.readNBytes(SMALL_OBJECT);
        } catch (NoSuchFileException trimmed) {
            return newest(); // trimmed after the listing: a newer one exists
        }
        return new PointerState(OptionalLong.of(read(content, bucket.location(name(newest[0]))).generation()), newest[0]);
    }

    private static PointerFile read(byte[] content, String where) throws IOException {
        try {
            PointerFile p = Json.read(content, PointerFile.class, where);
            if (!FORMAT.equals(p.format())) throw new IOException(where + ": unsupported pointer format " + p.format());
            return p;
        } catch (RejectedException e) {
            throw new IOException("store pointer " + where + " is damaged: " + e.reason(), e);
        }
    }

    /**
     * Makes {@code generation} current if the pointer is still where {@code seen} found it.
     *
     * @param existing the generations in the bucket: a pointer naming one of them is kept as the
     *                 record that it was current once (see {@link #trim})
     */
    void advance(long generation, PointerState seen, Set<Long> existing) throws IOException {
        long sequence = seen.version() + 1;
        byte[] content = Json.MAPPER.writeValueAsBytes(new PointerFile(FORMAT, generation, sequence));
        try {
            bucket.create(name(sequence), content, Map.of());
        } catch (PreconditionFailedException lost) {
            PointerState now = newest();
            throw new ConcurrentPublishException("another writer (an import or a rollback) made generation " + now.generation().orElse(0)
                    + " of " + bucket.settings().location() + " current while this ran; nothing was changed, run it again");
        }
        bucket.put(HINT, content);
        synchronized (this) {
            polled = new PointerState(OptionalLong.of(generation), sequence);
        }
        trim(sequence, existing);
    }

    /**
     * Deletes pointer objects beyond the newest {@value #KEEP}, except the newest one naming each
     * generation still in the bucket: the pointers are the only record of which generations were
     * current once (a rollback without a number must not pick a crashed writer's leftover), and this
     * keeps at most one per kept generation.
     */
    private void trim(long newest, Set<Long> existing) throws IOException {
        Set<Long> recorded = new HashSet<>();
        for (Map.Entry<Long, Long> p : pointers().descendingMap().entrySet()) {
            long sequence = p.getKey();
            long named = p.getValue();
            boolean record = existing.contains(named) && recorded.add(named);
            if (sequence <= newest - KEEP && !record) bucket.delete(name(sequence));
        }
    }

    /** The generations kept pointer objects name. */
    Set<Long> named() throws IOException {
        return new HashSet<>(pointers().values());
    }

    /** Every pointer object's sequence and the generation it names; a pointer trimmed meanwhile is skipped. */
    private TreeMap<Long, Long> pointers() throws IOException {
        List<Long> sequences = new ArrayList<>();
        bucket.list(POINTERS, o -> {
            try {
                sequences.add(Long.parseLong(o.name().substring(POINTERS.length())));
            } catch (NumberFormatException notAPointer) {
                // left alone
            }
        });
        TreeMap<Long, Long> named = new TreeMap<>();
        for (long sequence : sequences) {
            try (InputStream in = bucket.get(name(sequence))) {
                named.put(sequence, read(in.readNBytes(SMALL_OBJECT), bucket.location(name(sequence))).generation());
            } catch (NoSuchFileException trimmed) {
                // another writer trimmed it
            }
        }
        return named;
    }
}
