package dev.ferry.opensearch;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Sha512FileTest {
    private static final String HEX = "ab".repeat(64);
    private static final String ZIP = "repository-s3-2.19.4.zip";

    private static String parse(String text) {
        return Sha512File.parse(text.getBytes(StandardCharsets.UTF_8), ZIP);
    }

    private static void refused(String text, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(text));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void acceptsTheUpstreamLineWithOrWithoutNewline() {
        assertEquals(HEX, parse(HEX + "  " + ZIP + "\n"));
        assertEquals(HEX, parse(HEX + "  " + ZIP));
        assertEquals(HEX, parse(HEX + "  " + ZIP + "\r\n"));
    }

    @Test
    void refusesEverythingTheInstallerWouldNotTake() {
        refused(HEX + "  other-1.0.0.zip\n", "is for 'other-1.0.0.zip'");
        refused(HEX + "\n", "two fields");
        refused(HEX + " " + ZIP + "\n", "two fields");
        refused(HEX + " *" + ZIP + "\n", "two fields");
        refused(HEX.toUpperCase() + "  " + ZIP + "\n", "upper-case");
        refused(HEX.substring(2) + "  " + ZIP + "\n", "128 hex digits");
        refused(HEX + "  " + ZIP + "\n\n", "more than one line");
        refused(HEX + "  " + ZIP + "\n" + HEX + "  " + ZIP + "\n", "more than one line");
        refused("x".repeat(5000), "longer than");
    }

    @Test
    void formatsWhatItParses() {
        byte[] line = Sha512File.format(HEX, ZIP);
        assertArrayEquals((HEX + "  " + ZIP + "\n").getBytes(StandardCharsets.UTF_8), line);
        assertEquals(HEX, Sha512File.parse(line, ZIP));
    }
}
