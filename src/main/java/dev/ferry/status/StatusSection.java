package dev.ferry.status;

import dev.ferry.store.Generation;

import java.util.List;
import java.util.Map;

/**
 * A family's part of the status report: what only the running server knows from its side (e.g.
 * the drivers or images clients asked for and did not get), under its own key.
 */
public interface StatusSection {
    /** The key of this section in {@code /api/v1/status} and in {@link StatusReport#section}; not one of the report's own keys. */
    String key();

    /** The entries as of the served generation (null before the first is read), JSON-ready. */
    List<Map<String, Object>> entries(Generation served);
}
