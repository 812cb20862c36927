package dev.ferry.core;


import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DigestTest {
    private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void parsesAndPrintsTheOciForm() {
        Digest d = Digest.parse("sha256:" + EMPTY);
        assertEquals(EMPTY, d.hex());
        assertEquals("sha256:" + EMPTY, d.toString());
        assertEquals(d, Digest.ofBytes(new byte[0]));
        assertEquals("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", d.base64());
    }

    @Test
    void refusesOtherAlgorithmsAndMalformedHex() {
        assertThrows(IllegalArgumentException.class, () -> Digest.parse("sha512:" + EMPTY));
        assertThrows(IllegalArgumentException.class, () -> Digest.parse("sha256:" + EMPTY.toUpperCase()));
        assertThrows(IllegalArgumentException.class, () -> Digest.parse("sha256:" + EMPTY.substring(1)));
        assertThrows(IllegalArgumentException.class, () -> new Digest("../../etc/passwd"));
        assertEquals(EMPTY, Digest.ofHex(EMPTY.toUpperCase()).hex());
    }
}
