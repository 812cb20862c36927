package dev.ferry.http;

import dev.ferry.status.Activity;
import dev.ferry.status.CatalogView;
import dev.ferry.status.StatusReport;
import dev.ferry.status.StoreUsage;

import dev.ferry.store.FileEntry;
import dev.ferry.core.Digest;
import dev.ferry.store.Generation;
import dev.ferry.store.Journal;
import dev.ferry.store.JournalEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CatalogPageTest {
    @TempDir
    Path tmp;

    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    static final String HOSTILE = "<script>alert('x')</script>\"&";

    private static CatalogView view(Map<String, FileEntry> files) {
        return new CatalogView(7, NOW.minusSeconds(3600), "import " + HOSTILE, 0, 0, 0,
                CatalogView.of(new Generation(7, 6, NOW, "x", files), null).artifacts());
    }

    private static FileEntry file(String content, Map<String, String> metadata) {
        return new FileEntry(Digest.ofBytes(content.getBytes()), content.length(), null, "file", NOW, metadata);
    }

    @Test
    void everythingFromContentOrTheJournalIsEscaped() throws IOException {
        Journal journal = new Journal(tmp.resolve("journal.jsonl"));
        journal.append(new JournalEntry(NOW, "import", JournalEntry.FAILURE, HOSTILE, "reason " + HOSTILE, 7, Map.of()));
        Map<String, FileEntry> files = Map.of("dir/" + HOSTILE + ".txt",
                file("x", Map.of("name", HOSTILE, "version", HOSTILE, "updatedAt", "2026-11-20T00:00:00Z")));
        String html = CatalogPage.render(new StatusReport(NOW, view(files), Activity.of(journal), new StoreUsage(1, 1)),
                List.of(new CatalogPage.Link("dir/", "/dir/")));
        assertFalse(html.contains("<script"), html);
        assertFalse(html.contains("'x'"), "quotes escaped");
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;"), html);
        assertTrue(html.contains("The last import failed"));
        assertTrue(html.contains("6d 12h ago"), "age of the upstream update");
    }

    @Test
    void controlCharactersFromTheJournalShowAsEscapes() throws IOException {
        Journal journal = new Journal(tmp.resolve("journal.jsonl"));
        journal.append(new JournalEntry(NOW, "import", JournalEntry.FAILURE, "usb\u001b[2K\r", "name\u202egpj.exe\n", 7, Map.of()));
        String html = CatalogPage.render(new StatusReport(NOW, view(Map.of()), Activity.of(journal), new StoreUsage(1, 1)),
                List.of());
        assertFalse(html.contains("\u001b") || html.contains("\u202e") || html.contains("\r"), "raw control characters on the page");
        assertTrue(html.contains("usb\\x1b[2K\\x0d"), html);
        assertTrue(html.contains("name\\x{202e}gpj.exe\\x0a"), html);
    }

    @Test
    void aLargeFamilyIsCutOnThePageAndPointsToTheApi() {
        Map<String, FileEntry> files = new TreeMap<>();
        for (int i = 0; i < CatalogPage.MAX_ROWS + 3; i++) files.put("f/" + i, file("c" + i, Map.of()));
        StatusReport r = new StatusReport(NOW, view(files), Activity.NONE, StoreUsage.UNKNOWN);
        String html = CatalogPage.render(r, List.of());
        assertTrue(html.contains("3 more in <a href=\"/api/v1/catalog?family=file\">"), "pointer to the full list");
        assertEquals(CatalogPage.MAX_ROWS + 3, ((List<?>) ((Map<?, ?>) r.catalogJson(null).get("families")).get("file")).size());
        assertTrue(html.contains("Nothing needs attention."));
        assertTrue(html.contains("Never verified"));
    }

    /** A family's own status section shows as a table of its fields, escaped like everything else; an empty one not at all. */
    @Test
    void aSectionWithoutAPageSectionOfItsOwnIsATable() {
        Map<String, List<Map<String, Object>>> sections = new java.util.LinkedHashMap<>();
        sections.put("wantedCharts", List.of(Map.of("chart", HOSTILE, "requests", 3L, "lastSeen", NOW)));
        sections.put("quietSection", List.of());
        String html = CatalogPage.render(new StatusReport(NOW, view(Map.of()), Activity.NONE, StoreUsage.UNKNOWN, sections), List.of());
        assertTrue(html.contains("<section id=\"section-wantedCharts\">"), html);
        assertTrue(html.contains("<td>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;</td>"), html);
        assertTrue(html.contains("<td>3</td>"), html);
        assertFalse(html.contains("<script"), html);
        assertFalse(html.contains("quietSection"), html);
    }
}
