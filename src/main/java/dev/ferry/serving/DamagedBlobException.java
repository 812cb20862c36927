package dev.ferry.serving;

import java.io.IOException;

/** Stored bytes that cannot be served as they are: damaged, truncated, of another size than catalogued, or moved to quarantine. */
public final class DamagedBlobException extends IOException {
    public DamagedBlobException(String message) {
        super(message);
    }
}
