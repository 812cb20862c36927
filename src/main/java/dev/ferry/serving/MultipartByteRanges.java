package dev.ferry.serving;

import dev.ferry.core.http.ByteRanges;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The layout of a {@code multipart/byteranges} body (RFC 9110 §14.6): for each range a part head
 * (boundary, Content-Type, Content-Range) followed by the range's bytes, then the closing
 * boundary. Laid out up front so the exact Content-Length is known before a byte is sent.
 */
final class MultipartByteRanges {
    private final String boundary;
    private final List<ByteRanges.Range> ranges;
    private final List<Buffer> heads = new ArrayList<>();
    private final Buffer tail;
    private final long contentLength;

    MultipartByteRanges(List<ByteRanges.Range> ranges, String partType, long size) {
        this.boundary = String.format("%016x", ThreadLocalRandom.current().nextLong());
        this.ranges = List.copyOf(ranges);
        long length = 0;
        for (ByteRanges.Range r : ranges) {
            Buffer head = Buffer.buffer("\r\n--" + boundary + "\r\nContent-Type: " + partType
                    + "\r\nContent-Range: " + r.contentRange(size) + "\r\n\r\n");
            heads.add(head);
            length += head.length() + r.length();
        }
        this.tail = Buffer.buffer("\r\n--" + boundary + "--\r\n");
        this.contentLength = length + tail.length();
    }

    String contentType() {
        return "multipart/byteranges; boundary=" + boundary;
    }

    long contentLength() {
        return contentLength;
    }

    /** The body as pieces: literal part heads and regions of the representation. */
    List<Piece> pieces() {
        List<Piece> pieces = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            pieces.add(new Piece.Bytes(heads.get(i)));
            pieces.add(new Piece.Region(ranges.get(i).first(), ranges.get(i).length()));
        }
        pieces.add(new Piece.Bytes(tail));
        return pieces;
    }
}
