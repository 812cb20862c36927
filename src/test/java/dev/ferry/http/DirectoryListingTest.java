package dev.ferry.http;

import dev.ferry.store.Generation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectoryListingTest {
    private final Generation g = CatalogFixtures.generation("a.txt", "a/x", "a/y/z", "a0", "a-b/c", "b/deep/er/file", "top");

    private static List<String> names(DirectoryListing l) {
        return l.children().stream().map(c -> c.isDirectory() ? c.name() + "/" : c.name()).toList();
    }

    @Test
    void rootListsDirectoriesFirstThenFiles() {
        assertEquals(List.of("a/", "a-b/", "b/", "a.txt", "a0", "top"), names(DirectoryListing.of(g, "").orElseThrow()));
    }

    @Test
    void subdirectoriesListOnlyTheirImmediateChildren() {
        assertEquals(List.of("y/", "x"), names(DirectoryListing.of(g, "a").orElseThrow()));
        assertEquals(List.of("er/"), names(DirectoryListing.of(g, "b/deep").orElseThrow()));
        assertEquals(7, DirectoryListing.of(g, "a").orElseThrow().generation());
    }

    @Test
    void onlyPrefixesOfPublishedPathsAreDirectories() {
        assertTrue(DirectoryListing.of(g, "nope").isEmpty());
        assertTrue(DirectoryListing.of(g, "top").isEmpty(), "a file is not a directory");
        assertTrue(DirectoryListing.of(g, "b/de").isEmpty(), "a partial segment is not a directory");
        assertTrue(DirectoryListing.exists(g, "a"));
        assertTrue(DirectoryListing.exists(g, "b/deep/er"));
        assertFalse(DirectoryListing.exists(g, "a.txt"));
        assertFalse(DirectoryListing.exists(g, "b/d"));
    }

    @Test
    void anEmptyCatalogStillHasARoot() {
        assertEquals(List.of(), names(DirectoryListing.of(Generation.empty(), "").orElseThrow()));
    }

    @Test
    void displayPaths() {
        assertEquals("/", DirectoryListing.of(g, "").orElseThrow().displayPath());
        assertEquals("/b/deep/", DirectoryListing.of(g, "b/deep").orElseThrow().displayPath());
    }
}
