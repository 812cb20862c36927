package dev.ferry.serving;

import dev.ferry.core.http.ByteRanges;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultipartByteRangesTest {

    @Test
    void layoutIsExactlyTheDeclaredLength() {
        MultipartByteRanges m = new MultipartByteRanges(List.of(new ByteRanges.Range(0, 4), new ByteRanges.Range(10, 11)),
                "application/zip", 20);
        String boundary = m.contentType().substring("multipart/byteranges; boundary=".length());
        Buffer body = Buffer.buffer();
        byte[] content = "abcdefghijklmnopqrst".getBytes();
        for (Piece p : m.pieces()) {
            if (p instanceof Piece.Bytes b) body.appendBuffer(b.buffer());
            else if (p instanceof Piece.Region r) body.appendBytes(content, (int) r.offset(), (int) r.length());
        }
        assertEquals(m.contentLength(), body.length());
        String expected = "\r\n--" + boundary + "\r\nContent-Type: application/zip\r\nContent-Range: bytes 0-4/20\r\n\r\nabcde"
                + "\r\n--" + boundary + "\r\nContent-Type: application/zip\r\nContent-Range: bytes 10-11/20\r\n\r\nkl"
                + "\r\n--" + boundary + "--\r\n";
        assertEquals(expected, body.toString());
        assertTrue(boundary.matches("[0-9a-f]{16}"), boundary);
    }
}
