package dev.ferry.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CatalogPathTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "/abs", "a/../b", "..", ".", "a/./b", "a//b", "a/", "a\\b", "a\u0000b", "a\nb", "a/\u007f"})
    void unsafePathsCannotBeRepresented(String value) {
        assertThrows(CatalogPath.InvalidPathException.class, () -> CatalogPath.of(value));
    }

    @Test
    void overLongPathsAndSegmentsAreRefused() {
        assertThrows(CatalogPath.InvalidPathException.class, () -> CatalogPath.of("a/".repeat(2100) + "b"));
        assertThrows(CatalogPath.InvalidPathException.class, () -> CatalogPath.of("x".repeat(256)));
        CatalogPath.of("x".repeat(255));
    }

    @Test
    void clientCharactersSurviveUnchanged() {
        CatalogPath p = CatalogPath.of("driver/7.0.0+driver/x86_64/falco_ubuntu-gcp_5.15.0-1049-gcp_57~20.04.1.ko");
        assertEquals("falco_ubuntu-gcp_5.15.0-1049-gcp_57~20.04.1.ko", p.fileName());
        assertEquals("driver/7.0.0+driver/x86_64", p.parentDirectory());
        assertTrue(p.isUnder("driver"));
        assertTrue(p.isUnder("/driver/"));
        assertTrue(!p.isUnder("driv"));
    }

    @Test
    void prefixJoining() {
        assertEquals("a.txt", CatalogPath.of("", "a.txt").value());
        assertEquals("p/q/a.txt", CatalogPath.of("/p/q/", "a.txt").value());
    }

    @Test
    void theErrorNamesTheReason() {
        var e = assertThrows(CatalogPath.InvalidPathException.class, () -> CatalogPath.of("x/../y"));
        assertEquals("'..' segment", e.reason());
        assertTrue(e.getMessage().contains("x/../y"));
    }
}
