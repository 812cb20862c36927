package dev.ferry.serving;

import io.vertx.ext.web.Router;

/** A group of routes. Each group registers its own; the server only decides the order. */
public interface Endpoint {
    void register(Router router);
}
