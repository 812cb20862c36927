package dev.ferry.http;

import dev.ferry.store.Generation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListingPagesTest {
    private final Generation g = CatalogFixtures.generation("d/<img src=x onerror=alert(1)>.txt", "d/javascript:alert(1)",
            "d/a \"quoted\" & 'single'.bin", "d/7.0.0+driver/x.ko", "d/caf\u00e9 100%.txt");

    private String html() {
        return ListingPages.html(DirectoryListing.of(g, "d").orElseThrow());
    }

    @Test
    void namesAreEscapedAndLinksEncoded() {
        String page = html();
        assertFalse(page.contains("<img"), page);
        assertTrue(page.contains(">&lt;img src=x onerror=alert(1)&gt;.txt</a>"), page);
        assertTrue(page.contains("href=\"%3Cimg%20src=x%20onerror=alert(1)%3E.txt\""), page);
        assertTrue(page.contains("href=\"javascript%3Aalert(1)\""), "a name with ':' must not become a scheme: " + page);
        assertTrue(page.contains("href=\"a%20%22quoted%22%20&amp;%20&#39;single&#39;.bin\""), page);
        assertTrue(page.contains("href=\"7.0.0+driver/\">7.0.0+driver/</a>"), page);
        assertTrue(page.contains("href=\"caf%C3%A9%20100%25.txt\""), page);
    }

    @Test
    void htmlShowsSizeDateDigestAndAParentLink() {
        String page = html();
        String name = "d/javascript:alert(1)";
        assertTrue(page.contains("<title>Index of /d/</title>"), page);
        assertTrue(page.contains("<a href=\"../\">../</a>"), page);
        assertTrue(page.contains("2024-03-01 10:00:00 UTC"), page);
        assertTrue(page.contains(" " + name.length() + "  " + CatalogFixtures.entry(name, java.util.Map.of()).digest()), page);
        assertFalse(ListingPages.html(DirectoryListing.of(g, "").orElseThrow()).contains("../"), "the root has no parent");
    }

    @Test
    void jsonListsEntriesWithTheirDescription() {
        JsonObject json = new JsonObject(ListingPages.json(DirectoryListing.of(g, "d").orElseThrow()));
        assertEquals("/d/", json.getString("path"));
        assertEquals(7, json.getLong("generation"));
        JsonArray entries = json.getJsonArray("entries");
        assertEquals(5, entries.size());
        JsonObject dir = entries.getJsonObject(0);
        assertEquals("7.0.0+driver", dir.getString("name"));
        assertEquals("directory", dir.getString("type"));
        assertEquals("7.0.0+driver/", dir.getString("href"));
        JsonObject file = entries.stream().map(JsonObject.class::cast).filter(e -> e.getString("name").startsWith("<img"))
                .findFirst().orElseThrow();
        assertEquals("file", file.getString("type"));
        assertEquals("d/<img src=x onerror=alert(1)>.txt".length(), file.getLong("size"));
        assertTrue(file.getString("digest").startsWith("sha256:"));
        assertEquals("application/octet-stream", file.getString("mediaType"));
        assertEquals("2024-03-01T10:00:00Z", file.getString("lastModified"));
    }

    @Test
    void jsonOnlyWhenAskedForAtLeastAsMuchAsHtml() {
        assertTrue(ListingPages.wantsJson("application/json"));
        assertTrue(ListingPages.wantsJson("application/json, text/plain;q=0.5"));
        assertTrue(ListingPages.wantsJson("text/html;q=0.5, application/json"));
        assertFalse(ListingPages.wantsJson(null));
        assertFalse(ListingPages.wantsJson("*/*"));
        assertFalse(ListingPages.wantsJson("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));
        assertFalse(ListingPages.wantsJson("application/json;q=0"));
        assertFalse(ListingPages.wantsJson("text/html, application/json;q=0.9"));
    }
}
