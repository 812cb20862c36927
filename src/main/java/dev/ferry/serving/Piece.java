package dev.ferry.serving;

import io.vertx.core.buffer.Buffer;

/** One part of a response body: literal bytes (multipart heads) or a region of the representation. */
sealed interface Piece permits Piece.Bytes, Piece.Region {

    record Bytes(Buffer buffer) implements Piece {
    }

    record Region(long offset, long length) implements Piece {
    }
}
