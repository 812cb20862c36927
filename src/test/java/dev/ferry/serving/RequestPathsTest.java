package dev.ferry.serving;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestPathsTest {

    private static String decoded(String raw) throws RequestPaths.BadPathException {
        return RequestPaths.decode(raw).path().value();
    }

    @Test
    void plusIsNeverASpaceAndEscapedPlusIsPlus() throws Exception {
        assertEquals("driver/7.0.0+driver/x86_64/falco_ubuntu-gcp_5.15.0-1049-gcp_57~20.04.1.ko",
                decoded("/driver/7.0.0%2Bdriver/x86_64/falco_ubuntu-gcp_5.15.0-1049-gcp_57~20.04.1.ko"));
        assertEquals("driver/7.0.0+driver/x86_64/falco_ubuntu-gcp_5.15.0-1049-gcp_57~20.04.1.ko",
                decoded("/driver/7.0.0+driver/x86_64/falco_ubuntu-gcp_5.15.0-1049-gcp_57~20.04.1.ko"));
        assertEquals("falco_cos_5.10.68+_1.ko", decoded("/falco_cos_5.10.68%2b_1.ko"));
        assertEquals("a b", decoded("/a%20b"));
    }

    @Test
    void subDelimitersAndTildeAreKept() throws Exception {
        assertEquals("a~b!$&'()*+,;=:@c", decoded("/a~b!$&'()*+,;=:@c"));
        assertEquals("a~b", decoded("/a%7Eb"));
    }

    @Test
    void decodingHappensExactlyOnce() throws Exception {
        assertEquals("x/%41", decoded("/x/%2541"));
        assertEquals("x/%2e%2e/a.txt", decoded("/x/%252e%252e/a.txt"));
        assertEquals("x/..%2fa.txt", decoded("/x/..%252fa.txt"));
        assertEquals("x/%5c..", decoded("/x/%255c.."));
    }

    @Test
    void rawUtf8AndEscapedUtf8DecodeAlike() throws Exception {
        String raw = new String("/café".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertEquals("café", decoded(raw));
        assertEquals("café", decoded("/caf%C3%A9"));
    }

    @Test
    void slashesMergeAndRootAndDirectoriesAreMarked() throws Exception {
        assertEquals("a/b", decoded("//a///b"));
        assertNull(RequestPaths.decode("/").path());
        assertTrue(RequestPaths.decode("/a/").directory());
    }

    /** Each of these would, somewhere, step outside a directory or smuggle a separator; all are refused before any lookup. */
    @ParameterizedTest
    @ValueSource(strings = {
            "/../etc/passwd", "/a/../b", "/a/%2e%2e/b", "/a/%2E%2E/b", "/a/.%2e/b", "/a/%2e./b", "/%2e%2e%2fetc%2fpasswd",
            "/a/..%2fb", "/a/..%2Fb", "/a/%2fetc", "/%2F", "/a%5c..%5cb", "/a/..%5cb", "/a/..\\b", "/a\\b",
            "/a/%00", "/a.txt%00.png", "/a/..%00/b", "/a/%0a", "/a/%0d%0aSet-Cookie:x", "/a/%7f",
            "/a/%c0%ae%c0%ae/b", "/a/%e0%80%ae", "/a/%c0%af", "/a/%c1%9c", "/a/%u002e%u002e/b",
            "/a/%", "/a/%2", "/a/%zz", "/a/%c3", "/./a", "/a/%2e", "/a/.", "relative", "", "/a/%ff%fe",
            "/a/%2e%2e%5c%2e%2e%5cb"})
    void hostilePathsAreRefused(String raw) {
        assertThrows(RequestPaths.BadPathException.class, () -> RequestPaths.decode(raw), raw);
    }

    /** Look-alikes that are ordinary names: they decode to themselves and can only match a file of that exact name. */
    @ParameterizedTest
    @ValueSource(strings = {"/a/.../b", "/a/..;/b", "/a/.hidden", "/a/%ef%bc%8e%ef%bc%8e/b", "/a/..a"})
    void lookAlikesAreJustNames(String raw) throws Exception {
        String path = decoded(raw);
        assertTrue(path.startsWith("a/"), path);
        for (String segment : path.split("/")) assertTrue(!segment.equals("..") && !segment.equals("."), path);
    }

    @Test
    void overLongPathsAreRefused() throws Exception {
        assertThrows(RequestPaths.BadPathException.class, () -> RequestPaths.decode("/" + "a".repeat(4100)));
        String longest = ("/" + "b".repeat(255)).repeat(15) + "/" + "c".repeat(254) + "/d"; // exactly 4096 bytes decoded
        assertEquals(4096, decoded(longest).length());
        assertThrows(RequestPaths.BadPathException.class, () -> RequestPaths.decode(longest + "d"));
        assertThrows(RequestPaths.BadPathException.class, () -> RequestPaths.decode("/" + "%41".repeat(4097)));
        assertThrows(RequestPaths.BadPathException.class, () -> RequestPaths.decode("/a/" + "c".repeat(256)));
    }
}
