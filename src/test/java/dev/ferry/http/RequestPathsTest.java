package dev.ferry.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestPathsTest {

    @Test
    void plusIsNeverASpaceAndEscapedPlusIsPlus() throws Exception {
        assertEquals("driver/7.0.0+driver/x86_64/f_5.15.0-1049-gcp_57~20.04.1.ko",
                RequestPaths.decode("/driver/7.0.0%2Bdriver/x86_64/f_5.15.0-1049-gcp_57~20.04.1.ko").path().value());
        assertEquals("driver/7.0.0+driver/a b", RequestPaths.decode("/driver/7.0.0+driver/a%20b").path().value());
        assertEquals("x/%41", RequestPaths.decode("/x/%2541").path().value());
    }

    @Test
    void rawUtf8AndEscapedUtf8DecodeAlike() throws Exception {
        String raw = new String("/café".getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals("café", RequestPaths.decode(raw).path().value());
        assertEquals("café", RequestPaths.decode("/caf%C3%A9").path().value());
    }

    @Test
    void slashesMergeAndRootAndDirectoriesAreMarked() throws Exception {
        assertEquals("a/b", RequestPaths.decode("//a///b").path().value());
        assertNull(RequestPaths.decode("/").path());
        assertTrue(RequestPaths.decode("/a/").directory());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../etc/passwd", "/a/%2e%2e/b", "/%2E%2E/x", "/a/..%2fb", "/a/%2fetc", "/a%5c..%5cb",
            "/a/%00", "/a/%0a", "/a/%", "/a/%zz", "/a/%c3", "/./a", "/a/%2e", "relative", "/a/%ff%fe"})
    void hostilePathsAreRefused(String raw) {
        assertThrows(RequestPaths.BadPathException.class, () -> RequestPaths.decode(raw));
    }

    @Test
    void overLongPathsAreRefused() {
        assertThrows(RequestPaths.BadPathException.class, () -> RequestPaths.decode("/" + "a".repeat(4100)));
    }
}
