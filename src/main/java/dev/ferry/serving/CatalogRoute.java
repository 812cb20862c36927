package dev.ferry.serving;

import dev.ferry.store.CatalogPath;
import dev.ferry.store.Generation;
import io.vertx.core.http.HttpServerRequest;

/**
 * A family's say over a GET or HEAD of a catalog path (any path outside the server's own
 * endpoints), asked in family order before the file route answers it: e.g. Falco answers its
 * indexes rewritten and notes the drivers nobody has published.
 */
public interface CatalogRoute {
    /**
     * Answers the request and returns true, or returns false to let the next route (finally the
     * file route) answer it.
     *
     * @param generation the catalog snapshot the request resolves through
     */
    boolean answer(HttpServerRequest request, Generation generation, CatalogPath path);
}
