package dev.ferry.store.s3;

import dev.ferry.core.Json;
import dev.ferry.store.CatalogStore;
import dev.ferry.store.ChannelRecord;
import dev.ferry.store.ConcurrentPublishException;
import dev.ferry.store.FileSystemCatalogStore;
import dev.ferry.store.Generation;
import dev.ferry.store.Journal;
import dev.ferry.store.PointerState;
import dev.ferry.store.TransactionPlan;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The catalog in the bucket, built on create-if-absent writes only (the one conditional write S3
 * and its look-alikes make atomic):
 * <ul>
 * <li>{@code generations/<20 digits>.json}: immutable generations; whoever creates number N first
 * published it, a second writer is refused.</li>
 * <li>{@code current/<20 digits>} and the hint {@code current.json}: the pointer, see
 * {@link PointerSequence}. A writer creates the sequence after the one it saw when it began, so
 * any publish in between (an import, a rollback) makes it lose.</li>
 * <li>{@code channels.json}: the channel records, last writer wins.</li>
 * </ul>
 * Transaction plans stay in the local state directory; the journal is kept there and shared
 * through {@code journal/} ({@link BucketJournal}).
 */
public final class S3CatalogStore implements CatalogStore {
    static final String GENERATIONS = "generations/";
    static final String CHANNELS = "channels.json";
    static final String TRANSACTION = "ferry-transaction";

    private final S3Bucket bucket;
    private final FileSystemCatalogStore local;
    private final Path tempDir;
    private final WriteProbe probe;
    private volatile Cached cached;
    private final PointerSequence pointers;
    private final Journal journal;

    private record Cached(long number, String etag, Generation generation) {
    }

    S3CatalogStore(S3Bucket bucket, Path stateDir, WriteProbe probe) throws IOException {
        this.bucket = bucket;
        this.local = new FileSystemCatalogStore(stateDir);
        this.tempDir = stateDir.resolve("staging");
        this.probe = probe;
        this.pointers = new PointerSequence(bucket);
        this.journal = new Journal(stateDir.resolve("journal.jsonl"), new BucketJournal(bucket, stateDir, BucketJournal.KEEP));
        Files.createDirectories(tempDir);
    }

    static String generationName(long n) {
        return GENERATIONS + String.format("%020d.json", n);
    }

    @Override
    public OptionalLong current() throws IOException {
        return pointers.poll();
    }

    /** The generation the newest pointer object names, listed (never answered from the hint). */
    OptionalLong listedCurrent() throws IOException {
        return pointers.newest().generation();
    }

    @Override
    public PointerState pointer() throws IOException {
        probe.requireWritable();
        return pointers.newest();
    }

    @Override
    public void setCurrent(long generation) throws IOException {
        setCurrent(generation, pointer());
    }

    @Override
    public void setCurrent(long generation, PointerState seen) throws IOException {
        probe.requireWritable();
        if (bucket.head(generationName(generation)).isEmpty()) throw new NoSuchFileException("generation " + generation + " does not exist");
        dev.ferry.store.CrashPoints.reach("pointer-checked"); // gc on another host may delete it now: the caller checks again
        pointers.advance(generation, seen, new java.util.HashSet<>(list()));
    }

    /** Those a kept pointer object names: a generation a crashed writer left behind was never named. */
    @Override
    public java.util.Set<Long> onceCurrent() throws IOException {
        java.util.Set<Long> named = pointers.named();
        named.retainAll(list());
        return named;
    }

    @Override
    public Generation read(long generation) throws IOException {
        Cached last = cached;
        String name = generationName(generation);
        Optional<ObjectInfo> info = bucket.head(name);
        if (info.isEmpty()) throw new NoSuchFileException("generation " + generation + " does not exist");
        if (last != null && last.number() == generation && last.etag().equals(info.get().etag())) return last.generation();
        Generation g;
        try (InputStream in = bucket.get(name)) {
            g = Json.read(in.readAllBytes(), Generation.class, bucket.location(name));
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException("generation " + generation + " does not exist");
        }
        if (g.number() != generation) throw new IOException(bucket.location(name) + " claims to be generation " + g.number());
        cached = new Cached(generation, info.get().etag(), g);
        return g;
    }

    @Override
    public List<Long> list() throws IOException {
        List<Long> numbers = new ArrayList<>();
        bucket.list(GENERATIONS, o -> {
            String n = o.name().substring(GENERATIONS.length());
            if (!n.endsWith(".json")) return;
            try {
                numbers.add(Long.parseLong(n.substring(0, n.length() - ".json".length())));
            } catch (NumberFormatException notAGeneration) {
                // a stray object
            }
        });
        java.util.Collections.sort(numbers);
        return numbers;
    }

    @Override
    public void write(Generation generation) throws IOException {
        write(generation, "");
    }

    @Override
    public void write(Generation generation, String transactionId) throws IOException {
        probe.requireWritable();
        // streamed through a local file: a 100k-entry generation is tens of MB of JSON
        Path temp = Files.createTempFile(tempDir, "generation-", ".json");
        try {
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
                Json.MAPPER.writer().without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, generation);
            }
            bucket.create(generationName(generation.number()), temp, Map.of(TRANSACTION, transactionId));
        } catch (PreconditionFailedException lost) {
            throw new ConcurrentPublishException("another importer published generation " + generation.number() + " of "
                    + bucket.settings().location() + " while this import ran; nothing was changed, import again");
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public void delete(long generation) throws IOException {
        bucket.delete(generationName(generation));
    }

    /** Only the generation that transaction itself wrote, and only while no pointer names it. */
    @Override
    public void discardUnpublished(TransactionPlan plan) throws IOException {
        Optional<ObjectInfo> info = bucket.head(generationName(plan.generation()));
        if (info.isEmpty()) return;
        if (!plan.transactionId().equals(info.get().metadata().get(TRANSACTION))) return; // another writer's
        if (pointers.newest().generation().orElse(0) == plan.generation()) return; // it was published after all
        delete(plan.generation());
    }

    @Override
    public void writePlan(TransactionPlan plan) throws IOException {
        local.writePlan(plan);
    }

    @Override
    public List<TransactionPlan> plans() throws IOException {
        return local.plans();
    }

    @Override
    public void deletePlan(String transactionId) throws IOException {
        local.deletePlan(transactionId);
    }

    @Override
    public Journal journal() {
        return journal;
    }

    @Override
    public Map<String, ChannelRecord> channels() throws IOException {
        byte[] content;
        try (InputStream in = bucket.get(CHANNELS)) {
            content = in.readAllBytes();
        } catch (NoSuchFileException none) {
            return new TreeMap<>();
        }
        ChannelsObject file = Json.read(content, ChannelsObject.class, bucket.location(CHANNELS));
        if (!ChannelsObject.FORMAT.equals(file.format())) throw new IOException(bucket.location(CHANNELS) + ": unsupported format " + file.format());
        return file.channels();
    }

    @Override
    public void writeChannels(Map<String, ChannelRecord> channels) throws IOException {
        probe.requireWritable();
        bucket.put(CHANNELS, Json.MAPPER.writeValueAsBytes(new ChannelsObject(ChannelsObject.FORMAT, channels)));
    }

    /** {@code channels.json}, in the same format as the file-system store's. */
    record ChannelsObject(String format, Map<String, ChannelRecord> channels) {
        static final String FORMAT = "ferry.channels.v1";

        ChannelsObject {
            channels = new TreeMap<>(channels == null ? Map.of() : channels);
        }
    }

    @Override
    public String toString() {
        return bucket.settings().location();
    }
}
