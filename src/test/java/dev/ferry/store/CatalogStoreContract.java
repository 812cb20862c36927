package dev.ferry.store;

import dev.ferry.core.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link CatalogStore} backend must do; one subclass per backend. */
public abstract class CatalogStoreContract {
    @TempDir
    protected Path tmp;

    protected abstract Store newStore(Path stateDir) throws IOException;

    protected static Generation generation(long n, String path) {
        Digest d = Digest.ofBytes(path.getBytes());
        FileEntry entry = new FileEntry(d, path.length(), "text/plain", "file", Instant.parse("2026-01-01T00:00:00Z"), new TreeMap<>());
        return new Generation(n, n - 1, Instant.parse("2026-01-02T00:00:00Z"), "test", Map.of(path, entry));
    }

    @Test
    void anEmptyCatalogHasNoGenerationAndNoPointer() throws IOException {
        CatalogStore catalog = newStore(tmp.resolve("state")).catalog();
        assertEquals(OptionalLong.empty(), catalog.current());
        assertEquals(List.of(), catalog.list());
        assertEquals(OptionalLong.empty(), catalog.pointer().generation());
    }

    @Test
    void generationsAreWrittenReadAndListedInOrder() throws IOException {
        CatalogStore catalog = newStore(tmp.resolve("state")).catalog();
        catalog.write(generation(2, "b.txt"));
        catalog.write(generation(1, "a.txt"));
        catalog.write(generation(10, "c.txt"));
        assertEquals(List.of(1L, 2L, 10L), catalog.list());
        Generation two = catalog.read(2);
        assertEquals(2, two.number());
        assertEquals(generation(2, "b.txt").files(), two.files());
        assertThrows(NoSuchFileException.class, () -> catalog.read(3));
    }

    @Test
    void aGenerationIsNeverOverwritten() throws IOException {
        CatalogStore catalog = newStore(tmp.resolve("state")).catalog();
        catalog.write(generation(1, "a.txt"));
        assertThrows(IOException.class, () -> catalog.write(generation(1, "other.txt")));
        assertEquals(generation(1, "a.txt").files(), catalog.read(1).files());
    }

    @Test
    void thePointerNamesTheCurrentGeneration() throws IOException {
        CatalogStore catalog = newStore(tmp.resolve("state")).catalog();
        catalog.write(generation(1, "a.txt"));
        catalog.write(generation(2, "b.txt"));
        catalog.setCurrent(1);
        assertEquals(OptionalLong.of(1), catalog.current());
        catalog.setCurrent(catalog.pointer().generation().getAsLong() + 1, catalog.pointer());
        assertEquals(OptionalLong.of(2), catalog.current());
        assertEquals(OptionalLong.of(2), catalog.pointer().generation());
        assertThrows(NoSuchFileException.class, () -> catalog.setCurrent(7));
        assertEquals(OptionalLong.of(2), catalog.current());
    }

    @Test
    void deletedGenerationsLeaveTheList() throws IOException {
        CatalogStore catalog = newStore(tmp.resolve("state")).catalog();
        catalog.write(generation(1, "a.txt"));
        catalog.write(generation(2, "b.txt"));
        catalog.delete(1);
        assertEquals(List.of(2L), catalog.list());
    }

    @Test
    void channelRecordsRoundTrip() throws IOException {
        CatalogStore catalog = newStore(tmp.resolve("state")).catalog();
        assertTrue(catalog.channels().isEmpty());
        ChannelRecord r = new ChannelRecord("bundle-1", Instant.parse("2026-01-01T00:00:00Z"), Digest.ofBytes(new byte[]{1}),
                "signer", Instant.parse("2026-01-02T00:00:00Z"), 3);
        catalog.writeChannels(Map.of("stable", r));
        assertEquals(Map.of("stable", r), catalog.channels());
    }

    @Test
    void transactionPlansStayUntilDeleted() throws IOException {
        CatalogStore catalog = newStore(tmp.resolve("state")).catalog();
        TransactionPlan plan = new TransactionPlan("plan-1", 4, List.of(Digest.ofBytes(new byte[]{2})));
        catalog.writePlan(plan);
        assertEquals(List.of(plan), catalog.plans());
        catalog.deletePlan("plan-1");
        assertEquals(List.of(), catalog.plans());
    }
}
