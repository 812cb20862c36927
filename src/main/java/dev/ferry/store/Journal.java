package dev.ferry.store;

import dev.ferry.core.Json;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Append-only JSON-lines audit journal; every line is fsynced before the append returns. With a
 * {@link SharedEntries} (a store several hosts write), the store-changing entries are also
 * published there, and entries other hosts published are added to this file before it is read,
 * so every host's status, catalog page and metrics tell the store's whole history.
 */
public final class Journal {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    private final Path file;
    private final SharedEntries shared;

    public Journal(Path file) {
        this(file, null);
    }

    /** @param shared where entries are exchanged with other hosts; null when this host is the only writer */
    public Journal(Path file, SharedEntries shared) {
        this.file = file;
        this.shared = shared;
    }

    public synchronized void append(JournalEntry entry) throws IOException {
        appendLocally(entry);
        if (shared == null || !SharedEntries.ACTIONS.contains(entry.action())) return;
        try {
            shared.publish(entry);
        } catch (IOException e) { // what the entry records has happened: only its copy for the other hosts is lost
            LOG.warn("journal entry ({} {}) kept on this host only: {}", entry.action(), entry.result(), e.getMessage());
        }
    }

    /** Adds what other hosts published since the last look; a failure leaves the local history as it is. */
    private synchronized void takeShared() {
        if (shared == null) return;
        try {
            for (JournalEntry e : shared.take()) appendLocally(e);
        } catch (IOException e) {
            LOG.warn("cannot read the journal entries other hosts shared: {}", e.getMessage());
        }
    }

    private void appendLocally(JournalEntry entry) throws IOException {
        byte[] line = (Json.MAPPER.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer bb = ByteBuffer.wrap(line);
            while (bb.hasRemaining()) ch.write(bb);
            ch.force(true);
        }
    }

    /** The last {@code limit} entries, oldest first. A line cut short by a crash is skipped. */
    public List<JournalEntry> tail(int limit) throws IOException {
        return tail(limit, e -> true);
    }

    /** The last {@code limit} entries matching {@code filter}, oldest first. */
    public List<JournalEntry> tail(int limit, Predicate<JournalEntry> filter) throws IOException {
        takeShared();
        Deque<JournalEntry> last = new ArrayDeque<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = reader.readLine()) != null; ) {
                parse(line).filter(filter).ifPresent(e -> {
                    last.addLast(e);
                    if (last.size() > limit) last.removeFirst();
                });
            }
        } catch (NoSuchFileException empty) {
            return List.of();
        }
        return new ArrayList<>(last);
    }

    /** The newest entry matching {@code filter}. */
    public Optional<JournalEntry> latest(Predicate<JournalEntry> filter) throws IOException {
        takeShared();
        JournalEntry found = null;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = reader.readLine()) != null; ) {
                Optional<JournalEntry> e = parse(line);
                // by time: entries taken from other hosts arrive after this host's own
                if (e.isPresent() && filter.test(e.get()) && (found == null || !e.get().time().isBefore(found.time()))) found = e.get();
            }
        } catch (NoSuchFileException empty) {
            return Optional.empty();
        }
        return Optional.ofNullable(found);
    }

    /**
     * Reads the complete lines after byte {@code offset} (a line still being written is left for
     * the next call) and returns the offset to continue from; -1 when the journal is now shorter
     * than {@code offset}, i.e. it was replaced and must be read again from 0.
     */
    public long readFrom(long offset, java.util.function.Consumer<JournalEntry> sink) throws IOException {
        takeShared();
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException empty) {
            return offset == 0 ? 0 : -1;
        }
        if (size < offset) return -1;
        if (size == offset) return offset;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.position(offset);
            java.io.InputStream in = new java.io.BufferedInputStream(java.nio.channels.Channels.newInputStream(ch), 1 << 16);
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(512);
            long consumed = offset;
            long read = offset;
            for (int b; read < size && (b = in.read()) >= 0; ) {
                read++;
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                parse(line.toString(StandardCharsets.UTF_8)).ifPresent(sink);
                line.reset();
                consumed = read;
            }
            return consumed;
        }
    }

    private static Optional<JournalEntry> parse(String line) {
        if (line.isBlank()) return Optional.empty();
        try {
            return Optional.of(Json.MAPPER.readValue(line, JournalEntry.class));
        } catch (JsonProcessingException torn) {
            return Optional.empty();
        }
    }
}
