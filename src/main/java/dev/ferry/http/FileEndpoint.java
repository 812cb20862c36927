package dev.ferry.http;

import dev.ferry.serving.Responses;
import dev.ferry.serving.RequestPaths;
import dev.ferry.serving.ServedGeneration;
import dev.ferry.serving.CatalogRoute;
import dev.ferry.serving.Endpoint;
import dev.ferry.importer.ReservedPaths;
import dev.ferry.metrics.FerryMetrics;
import dev.ferry.serving.BlobResponder;
import dev.ferry.store.CatalogPath;
import dev.ferry.store.FileEntry;
import dev.ferry.store.Generation;
import dev.ferry.store.LiveCatalog;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The catch-all for GET and HEAD, registered last, and the direct answer for catalog paths: a
 * path is answered from the catalog only (a request path never reaches the file system, so
 * nothing outside the catalog can be named). In order: the families' catalog routes, a published file, a checksum sidecar, a directory listing (path ending in '/'), a
 * redirect from a directory without its slash to the slash form (nginx's 301), else 404.
 */
public final class FileEndpoint implements Endpoint {
    private final LiveCatalog catalog;
    private final FileResponder responder;
    private final List<CatalogRoute> routes;
    private final Map<FileEntry, Representation> described = new ConcurrentHashMap<>();
    private static final int MAX_DESCRIBED = 16_384;

    /** At most 64 MiB, and never more than an eighth of the heap (small containers). */
    private static final long SMALL_BLOB_CACHE_BYTES = Math.min(64L * 1024 * 1024, Runtime.getRuntime().maxMemory() / 8);

    /** @param routes the families' say over catalog paths, asked in order before a file is looked up */
    public FileEndpoint(LiveCatalog catalog, FerryMetrics metrics, BlobResponder responder, List<CatalogRoute> routes) {
        this.catalog = catalog;
        this.routes = routes;
        SmallBlobCache smallBlobs = new SmallBlobCache(SMALL_BLOB_CACHE_BYTES);
        catalog.onChange(g -> { // keeps memory to what the served generation uses
            smallBlobs.clear();
            described.clear();
        });
        this.responder = new FileResponder(catalog.store().blobs(), smallBlobs, metrics, responder);
    }

    @Override
    public void register(Router router) {
        router.route().method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> serve(ctx.request()));
        router.route().handler(ctx -> {
            ctx.response().putHeader(HttpHeaders.ALLOW, "GET, HEAD");
            Responses.text(ctx.response(), 405, "method not allowed\n", ctx.request().method());
        });
    }

    /**
     * Answers a GET or HEAD without the router when its path decodes to a catalog path outside the
     * server's reserved ones, which no other route can claim (imports refuse files there); false
     * leaves the request to the router. Most requests a server gets are these.
     */
    boolean answerDirectly(HttpServerRequest request, Generation serving) {
        RequestPaths.Decoded decoded;
        try {
            decoded = RequestPaths.decode(request.path());
        } catch (RequestPaths.BadPathException e) {
            return false; // the router's routes see the normalised path first; the file route then refuses it
        }
        if (decoded.path() == null || ReservedPaths.problem(decoded.path()) != null) return false;
        serve(request, decoded, serving);
        return true;
    }

    private void serve(HttpServerRequest request) {
        RequestPaths.Decoded decoded;
        try {
            decoded = RequestPaths.decode(request.path());
        } catch (RequestPaths.BadPathException e) {
            Responses.text(request.response(), 400, "bad request path: " + e.getMessage() + "\n", request.method());
            return;
        }
        // the router's walk may outlast a reload: the header follows the snapshot answered from
        Generation generation = catalog.current();
        ServedGeneration.stamp(request.response(), generation);
        serve(request, decoded, generation);
    }

    /** @param generation the one snapshot the whole request is answered from, already in Ferry-Generation */
    private void serve(HttpServerRequest request, RequestPaths.Decoded decoded, Generation generation) {
        HttpMethod method = request.method();
        if (generation == null) {
            Responses.text(request.response(), 503, "catalog not loaded yet\n", method);
            return;
        }
        CatalogPath path = decoded.path();
        if (path == null || decoded.directory()) {
            list(request, generation, path == null ? "" : path.value());
            return;
        }
        for (CatalogRoute route : routes) {
            if (route.answer(request, generation, path)) return;
        }
        Optional<Representation> rep = generation.file(path).map(f -> stored(f, generation.number()))
                .or(() -> Sidecars.find(generation, path));
        if (rep.isPresent()) {
            responder.respond(request, rep.get());
        } else if (DirectoryListing.exists(generation, path.value())) {
            redirectToDirectory(request, path);
        } else {
            Responses.text(request.response(), 404, "not found\n", method);
        }
    }

    /** The representation of a published file, described once per generation rather than once per request. */
    private Representation stored(FileEntry file, long generation) {
        Representation rep = described.get(file);
        if (rep != null && rep.generation() == generation) return rep;
        rep = Representation.stored(file, generation);
        if (described.size() >= MAX_DESCRIBED) described.clear();
        described.put(file, rep);
        return rep;
    }

    private void list(HttpServerRequest request, Generation generation, String directory) {
        HttpMethod method = request.method();
        Optional<DirectoryListing> listing = DirectoryListing.of(generation, directory);
        if (listing.isEmpty()) {
            Responses.text(request.response(), 404, "not found\n", method);
            return;
        }
        boolean json = ListingPages.wantsJson(request.getHeader(HttpHeaders.ACCEPT));
        String body = json ? ListingPages.json(listing.get()) : ListingPages.html(listing.get());
        request.response().putHeader(HttpHeaders.VARY, "Accept");
        Responses.send(request.response(), 200, json ? ListingPages.JSON : ListingPages.HTML,
                body.getBytes(StandardCharsets.UTF_8), method);
    }

    /** Location is rebuilt from the decoded catalog path, so it always stays on this server ("//host" cannot appear). */
    private static void redirectToDirectory(HttpServerRequest request, CatalogPath path) {
        String query = request.query();
        String location = PathEncoding.absolute(path.value(), true) + (query == null ? "" : "?" + query);
        request.response().putHeader(HttpHeaders.LOCATION, location);
        Responses.text(request.response(), 301, "moved to " + location + "\n", request.method());
    }
}
