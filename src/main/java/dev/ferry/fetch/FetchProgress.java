package dev.ferry.fetch;

import java.net.URI;

/** What downloads report as they go; calls come from the downloading threads. */
public interface FetchProgress {
    FetchProgress NONE = new FetchProgress() {
    };

    /** A download begins (or resumes at {@code from}); {@code total} is -1 when unknown. */
    default void started(String artifact, URI url, long from, long total) {
    }

    /** {@code bytes} more arrived. */
    default void advanced(String artifact, long bytes) {
    }

    /** The body is complete and verified; {@code fromCache} when nothing was downloaded. */
    default void finished(String artifact, URI url, long size, boolean fromCache) {
    }

    /** The download ended without a body (it may be retried, then {@code started} again). */
    default void failed(String artifact, URI url, String reason) {
    }
}
