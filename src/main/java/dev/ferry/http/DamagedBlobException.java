package dev.ferry.http;

import java.io.IOException;

/** Stored bytes that cannot be served as they are: damaged, truncated, or moved to quarantine. */
final class DamagedBlobException extends IOException {
    DamagedBlobException(String message) {
        super(message);
    }
}
