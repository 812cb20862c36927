package dev.ferry.store;

import dev.ferry.core.RejectedException;

import dev.ferry.core.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;

/**
 * Catalog state as files: {@code generations/<n>.json}, the pointer file {@code current},
 * {@code transactions/<id>.json} plans, and {@code journal.jsonl}.
 */
public final class FileSystemCatalogStore implements CatalogStore {
    private final Path root;
    private final Path generationDir;
    private final Path transactionDir;
    private final Path currentFile;
    private final Path channelsFile;
    private final Journal journal;
    /**
     * The generation read last, while its file is the same one: generations are immutable, and a
     * 100k-entry one takes a second to parse, so a process must not read it twice (serve checks
     * the store is not empty, then loads it to serve).
     */
    private volatile Loaded last;

    private record Loaded(Generation generation, Object fileKey, long size, java.nio.file.attribute.FileTime modified) {
        boolean sameFile(BasicFileAttributes attrs) {
            return fileKey != null && fileKey.equals(attrs.fileKey()) && size == attrs.size() && modified.equals(attrs.lastModifiedTime());
        }
    }

    public FileSystemCatalogStore(Path storeRoot) throws IOException {
        this.root = storeRoot;
        this.generationDir = storeRoot.resolve("generations");
        this.transactionDir = storeRoot.resolve("transactions");
        this.currentFile = storeRoot.resolve("current");
        this.channelsFile = storeRoot.resolve("channels.json");
        this.journal = new Journal(storeRoot.resolve("journal.jsonl"));
        Files.createDirectories(generationDir);
        Files.createDirectories(transactionDir);
    }

    private Path generationFile(long n) {
        return generationDir.resolve(String.format("%010d.json", n));
    }

    @Override
    public OptionalLong current() throws IOException {
        try {
            String text = Files.readString(currentFile, StandardCharsets.US_ASCII).trim();
            return OptionalLong.of(Long.parseLong(text));
        } catch (NoSuchFileException none) {
            return OptionalLong.empty();
        } catch (NumberFormatException e) {
            throw new IOException("store pointer " + currentFile + " is damaged: " + e.getMessage(), e);
        }
    }

    @Override
    public void setCurrent(long generation) throws IOException {
        if (!Files.exists(generationFile(generation))) {
            throw new NoSuchFileException("generation " + generation + " does not exist");
        }
        FileTrees.writeAtomically(currentFile, (generation + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public Generation read(long generation) throws IOException {
        Path file = generationFile(generation);
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            Loaded last = this.last;
            if (last != null && last.generation().number() == generation && last.sameFile(attrs)) return last.generation();
            Generation g = Json.read(Files.readAllBytes(file), Generation.class, file.toString());
            if (g.number() != generation) {
                throw new IOException(file + " claims to be generation " + g.number());
            }
            this.last = new Loaded(g, attrs.fileKey(), attrs.size(), attrs.lastModifiedTime());
            return g;
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new NoSuchFileException("generation " + generation + " does not exist");
        }
    }

    @Override
    public List<Long> list() throws IOException {
        List<Long> numbers = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(generationDir, "*.json")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                try {
                    numbers.add(Long.parseLong(name.substring(0, name.length() - ".json".length())));
                } catch (NumberFormatException ignored) {
                    // not a generation file
                }
            }
        }
        Collections.sort(numbers);
        return numbers;
    }

    @Override
    public void write(Generation generation) throws IOException {
        Path target = generationFile(generation.number());
        if (Files.exists(target)) throw new FileAlreadyExistsException(target.toString(), null, "generations are immutable");
        FileTrees.writeAtomically(target, out -> Json.MAPPER.writer()
                .without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, generation));
    }

    @Override
    public void delete(long generation) throws IOException {
        Files.deleteIfExists(generationFile(generation));
        FileTrees.fsyncDirectory(generationDir);
    }

    @Override
    public void writePlan(TransactionPlan plan) throws IOException {
        FileTrees.writeAtomically(transactionDir.resolve(plan.transactionId() + ".json"), Json.MAPPER.writeValueAsBytes(plan));
    }

    @Override
    public List<TransactionPlan> plans() throws IOException {
        List<TransactionPlan> plans = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(transactionDir)) {
            for (Path f : files) {
                if (f.getFileName().toString().endsWith(".json")) {
try {
                        plans.add(Json.read(Files.readAllBytes(f), TransactionPlan.class, f.toString()));
                    } catch (RejectedException e) {
                        throw new IOException(f + " is not a transaction plan Ferry wrote (" + e.reason() + "); move it aside to use the store");
                    }
                } else {
                    Files.deleteIfExists(f); // a plan whose write was interrupted: nothing was published after it
                }
            }
        }
        return plans;
    }

    @Override
    public void deletePlan(String transactionId) throws IOException {
        Files.deleteIfExists(transactionDir.resolve(transactionId + ".json"));
        FileTrees.fsyncDirectory(transactionDir);
    }

    @Override
    public java.util.Map<String, ChannelRecord> channels() throws IOException {
        try {
            ChannelsFile file = Json.read(Files.readAllBytes(channelsFile), ChannelsFile.class, channelsFile.toString());
            if (!ChannelsFile.FORMAT.equals(file.format())) throw new IOException(channelsFile + ": unsupported format " + file.format());
            return file.channels();
        } catch (NoSuchFileException none) {
            return new java.util.TreeMap<>();
        }
    }

    @Override
    public void writeChannels(java.util.Map<String, ChannelRecord> channels) throws IOException {
        FileTrees.writeAtomically(channelsFile, Json.MAPPER.writeValueAsBytes(new ChannelsFile(ChannelsFile.FORMAT, channels)));
    }

    /** {@code channels.json}: versioned like every other store file. */
    record ChannelsFile(String format, java.util.Map<String, ChannelRecord> channels) {
        static final String FORMAT = "ferry.channels.v1";

        ChannelsFile {
            channels = new java.util.TreeMap<>(channels == null ? java.util.Map.of() : channels);
        }
    }

    @Override
    public Journal journal() {
        return journal;
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
