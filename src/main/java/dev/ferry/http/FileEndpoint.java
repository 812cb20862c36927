package dev.ferry.http;

import dev.ferry.metrics.FerryMetrics;
import dev.ferry.store.FileEntry;
import dev.ferry.store.Generation;
import dev.ferry.store.LiveCatalog;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Serves the catalog's files, GET and HEAD, by catalog lookup only: a request path never touches
 * the file system, so nothing outside the catalog can be reached. Bytes go out with sendFile.
 */
public final class FileEndpoint implements Endpoint {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FileEndpoint.class);
    private final LiveCatalog catalog;
    private final FerryMetrics metrics;

    public FileEndpoint(LiveCatalog catalog, FerryMetrics metrics) {
        this.catalog = catalog;
        this.metrics = metrics;
    }

    @Override
    public void register(Router router) {
        router.route().method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::serve);
        router.route().handler(ctx -> {
            ctx.response().putHeader(HttpHeaders.ALLOW, "GET, HEAD");
            Responses.text(ctx.response(), 405, "method not allowed\n", ctx.request().method());
        });
    }

    private void serve(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        RequestPaths.Decoded decoded;
        try {
            decoded = RequestPaths.decode(ctx.request().path());
        } catch (RequestPaths.BadPathException e) {
            Responses.text(ctx.response(), 400, "bad request path: " + e.getMessage() + "\n", method);
            return;
        }
        Generation generation = catalog.current();
        if (generation == null) {
            Responses.text(ctx.response(), 503, "catalog not loaded yet\n", method);
            return;
        }
        Optional<FileEntry> entry = decoded.path() == null || decoded.directory()
                ? Optional.empty() : generation.file(decoded.path());
        Optional<Path> blob = entry.flatMap(e -> catalog.store().blobs().localPath(e.digest()));
        if (blob.isEmpty()) {
            Responses.text(ctx.response(), 404, "not found\n", method);
            return;
        }
        FileEntry file = entry.get();
        HttpServerResponse response = ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, file.mediaType())
                .putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(file.size()))
                .putHeader(HttpHeaders.ETAG, "\"" + file.digest() + "\"")
                .putHeader(HttpHeaders.LAST_MODIFIED, HttpDates.format(file.publishedAt()))
                .putHeader("X-Checksum-Sha256", file.digest().hex())
                .putHeader("Ferry-Generation", Long.toString(generation.number()))
                .putHeader("X-Content-Type-Options", "nosniff");
        if (method == HttpMethod.HEAD) {
            response.end();
            return;
        }
        response.sendFile(blob.get().toString(), 0, file.size()).onComplete(done -> {
            if (done.succeeded()) {
                metrics.fileBytesSent(file.size());
            } else if (!response.headWritten()) {
                LOG.warn("cannot send {} ({}): {}", decoded.path(), file.digest(), done.cause().getMessage());
                response.headers().clear();
                Responses.text(response, 500, "cannot read stored content\n", method);
            } else {
                response.reset();
            }
        });
    }
}
