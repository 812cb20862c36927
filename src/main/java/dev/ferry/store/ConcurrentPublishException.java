package dev.ferry.store;

import java.io.IOException;

/**
 * Another writer sharing the store published (a generation, or a pointer move) while this one
 * worked. Nothing this writer did became visible; running it again starts from the new state.
 */
public final class ConcurrentPublishException extends IOException {
    public ConcurrentPublishException(String message) {
        super(message);
    }
}
