package dev.ferry.importer;

import dev.ferry.core.Digest;
import dev.ferry.core.RejectedException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Sha256SumsTest {
    private static final String H = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static Map<String, Digest> parse(String text) throws IOException {
        return Sha256Sums.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "SHA256SUMS");
    }

    @Test
    void readsTextBinaryTaggedAndEscapedForms() throws IOException {
        Map<String, Digest> sums = parse(H + "  a.txt\n"
                + H.toUpperCase() + " *bin/b.ko\n"
                + "SHA256 (c d.txt) = " + H + "\n"
                + "\\" + H + "  back\\\\slash\\nnewline\n"
                + H + "  ./dot/e.txt\r\n"
                + "\n");
        assertEquals(5, sums.size());
        assertEquals(Digest.ofHex(H), sums.get("bin/b.ko"));
        assertTrue(sums.containsKey("c d.txt"));
        assertTrue(sums.containsKey("back\\slash\nnewline"));
        assertTrue(sums.containsKey("dot/e.txt"));
    }

    @Test
    void refusesMalformedLinesWithTheLineNumber() {
        RejectedException e = assertThrows(RejectedException.class, () -> parse(H + "  a\nnot a checksum line\n"));
        assertEquals("SHA256SUMS line 2", e.entry());
        assertThrows(RejectedException.class, () -> parse(H.substring(2) + "  short\n"));
        assertThrows(RejectedException.class, () -> parse(H + "\tname\n"));
    }

    @Test
    void refusesDuplicates() {
        RejectedException e = assertThrows(RejectedException.class, () -> parse(H + "  a\n" + H + " *a\n"));
        assertTrue(e.reason().contains("listed twice"));
    }

    @Test
    void refusesInvalidUtf8() {
        byte[] bad = (H + "  x\u00ff").getBytes(StandardCharsets.ISO_8859_1);
        assertThrows(RejectedException.class, () -> Sha256Sums.parse(new ByteArrayInputStream(bad), "SHA256SUMS"));
    }
}
