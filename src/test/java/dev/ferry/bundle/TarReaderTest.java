package dev.ferry.bundle;

import dev.ferry.core.RejectedException;
import dev.ferry.testing.TarBuilder;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TarReaderTest {

    @Test
    void paxPathAndSizeApplyToTheNextEntry() throws Exception {
        byte[] content = "0123456789".getBytes(StandardCharsets.UTF_8);
        byte[] tar = new TarBuilder().pax("path=a/very/long/name", "size=10").entry("short", '0', content, 3, "").end();
        TarReader reader = new TarReader(new ByteArrayInputStream(tar));
        TarReader.Entry e = reader.next();
        assertEquals("a/very/long/name", e.name());
        assertEquals(10, e.size());
        assertArrayEquals(content, reader.content().readAllBytes());
        assertNull(reader.next());
    }

    @Test
    void gnuBase256SizesAreRead() throws Exception {
        byte[] header = TarBuilder.header("big", '0', 0, "");
        java.util.Arrays.fill(header, 124, 136, (byte) 0);
        header[124] = (byte) 0x80;
        header[135] = 5;
        java.util.Arrays.fill(header, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : header) sum += b & 0xff;
        System.arraycopy(String.format("%06o", sum).getBytes(StandardCharsets.US_ASCII), 0, header, 148, 6);
        header[154] = 0;
        byte[] tar = new TarBuilder().raw(header).raw(java.util.Arrays.copyOf("hello".getBytes(StandardCharsets.UTF_8), 512)).end();
        TarReader reader = new TarReader(new ByteArrayInputStream(tar));
        assertEquals(5, reader.next().size());
        assertEquals("hello", new String(reader.content().readAllBytes(), StandardCharsets.UTF_8));
        assertNull(reader.next());
    }

    @Test
    void aHeaderWithoutUstarMagicIsRefused() {
        byte[] header = TarBuilder.header("v7", '0', 0, "");
        header[257] = 'X';
        byte[] tar = new TarBuilder().raw(header).end();
        RejectedException e = assertThrows(RejectedException.class, () -> new TarReader(new ByteArrayInputStream(tar)).next());
        // the checksum covers the magic, so the damaged magic is reported as a damaged header first
        assertEquals("tar header checksum mismatch (damaged header)", e.reason());
    }
}
