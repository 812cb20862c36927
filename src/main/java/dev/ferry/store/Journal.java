package dev.ferry.store;

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

/** Append-only JSON-lines audit journal; every line is fsynced before the append returns. */
public final class Journal {
    private final Path file;

    public Journal(Path file) {
        this.file = file;
    }

    public synchronized void append(JournalEntry entry) throws IOException {
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
        JournalEntry found = null;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = reader.readLine()) != null; ) {
                Optional<JournalEntry> e = parse(line);
                if (e.isPresent() && filter.test(e.get())) found = e.get();
            }
        } catch (NoSuchFileException empty) {
            return Optional.empty();
        }
        return Optional.ofNullable(found);
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
