package dev.ferry.falco;

import dev.ferry.serving.CatalogRoute;
import dev.ferry.serving.Endpoint;
import dev.ferry.serving.Responses;
import dev.ferry.core.Digest;
import dev.ferry.serving.BlobResponder;
import dev.ferry.serving.ErrorAnswers;
import dev.ferry.serving.Representation;
import dev.ferry.store.CatalogPath;
import dev.ferry.store.FileEntry;
import dev.ferry.store.Generation;
import dev.ferry.store.LiveCatalog;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Falco's part of the HTTP surface, asked before the file route: falcoctl indexes served
 * rewritten (registry = Ferry's public address for the repositories Ferry holds, signatures
 * dropped), every driver request the catalog cannot answer recorded in the wanted list and the
 * miss metric (the file route then answers it, with 404), and {@code GET /api/v1/wanted}.
 */
public final class FalcoEndpoint implements Endpoint, CatalogRoute {
    public static final String WANTED_PATH = "/api/v1/wanted";

    private final LiveCatalog catalog;
    private final WantedList wanted;
    private final FalcoMetrics metrics;
    private final IndexRenderer renderer;
    private final String registry;
    private final dev.ferry.oci.WantedImages images;
    private final BlobResponder responder;
    /** Keyed by rendering, which the renderer keeps per generation, path and registry (bounded likewise). */
    private final Map<IndexRenderer.Rendered, Answer> answers = new ConcurrentHashMap<>();
    private static final int MAX_ANSWERS = 128;
    private static final CharSequence CHECKSUM = HttpHeaders.createOptimized("X-Checksum-Sha256");
    private static final CharSequence NOSNIFF_HEADER = HttpHeaders.createOptimized("X-Content-Type-Options");
    private static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");
    private static final CharSequence HOST = HttpHeaders.createOptimized("Host");

    /**
     * @param publicAuthority host[:port] written into served indexes; "" = the Host the request came with
     */
    public FalcoEndpoint(LiveCatalog catalog, WantedList wanted, FalcoMetrics metrics, BlobResponder responder,
                         String publicAuthority, boolean stripSignatures) {
        this(catalog, wanted, null, metrics, responder, publicAuthority, stripSignatures);
    }

    /** @param images the registry's wanted images, listed beside the drivers in {@code /api/v1/wanted}; or null */
    public FalcoEndpoint(LiveCatalog catalog, WantedList wanted, dev.ferry.oci.WantedImages images, FalcoMetrics metrics,
                         BlobResponder responder, String publicAuthority, boolean stripSignatures) {
        this.images = images;
        this.responder = responder;
        this.catalog = catalog;
        this.wanted = wanted;
        this.metrics = metrics;
        this.renderer = new IndexRenderer(catalog, stripSignatures);
        catalog.onChange(g -> answers.clear());
        this.registry = publicAuthority == null || publicAuthority.isBlank() ? null : publicAuthority;
    }

    @Override
    public void register(Router router) {
        router.route(WANTED_PATH).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::wantedList);
    }

    @Override
    public boolean answer(HttpServerRequest request, Generation g, CatalogPath path) {
        Optional<FileEntry> file = g.file(path);
        if (file.isPresent()) {
            if (!FalcoCatalog.isIndex(file.get())) return false;
            serveIndex(request, g, path, file.get(), false);
            return true;
        }
        String name = path.value();
        if (name.endsWith(".sha256")) {
            Optional<FileEntry> base = CatalogPath.problem(name.substring(0, name.length() - 7)) == null
                    ? g.file(CatalogPath.of(name.substring(0, name.length() - 7))) : Optional.empty();
            if (base.isPresent() && FalcoCatalog.isIndex(base.get())) {
                serveIndex(request, g, CatalogPath.of(name.substring(0, name.length() - 7)), base.get(), true);
                return true;
            }
        }
        DriverPath.DriverRequest driver = DriverPath.request(path.segments());
        if (driver != null) {
            wanted.record(driver, name, Instant.now());
            metrics.miss(driver);
        }
        return false; // the file route answers it (404)
    }

    private void serveIndex(HttpServerRequest request, Generation g, CatalogPath path, FileEntry entry, boolean sidecar) {
        String registry = this.registry != null ? this.registry : hostOf(request);
        IndexRenderer.Rendered cached = renderer.cached(g, path.value(), registry);
        if (cached != null) {
            respond(request, path, cached, sidecar);
            return;
        }
        Vertx.currentContext().executeBlocking(() -> renderer.render(g, path.value(), entry, registry), false).onComplete(r -> {
            if (r.succeeded()) {
                respond(request, path, r.result(), sidecar);
            } else {
                ErrorAnswers.PLAIN.cannotServe(request, "falcoctl index " + path, r.cause());
            }
        });
    }

    /** The rendering (or its checksum line) through the shared responder: conditionals, ranges and HEAD as on every route. */
    private void respond(HttpServerRequest request, CatalogPath path, IndexRenderer.Rendered r, boolean sidecar) {
        Answer answer = sidecar ? answer(path, r, true) : answers.get(r);
        if (answer == null) {
            answer = answer(path, r, false);
            if (answers.size() >= MAX_ANSWERS) answers.clear();
            answers.put(r, answer);
        }
        responder.respond(request, answer.rep(), answer.body(), ErrorAnswers.PLAIN);
    }

    /** An index's answer, built once per rendering: a falcoctl pod fetches it at every start. */
    private record Answer(Representation rep, Buffer body) {
    }

    private Answer answer(CatalogPath path, IndexRenderer.Rendered r, boolean sidecar) {
        byte[] body = sidecar ? (r.digest().hex() + "  " + path.fileName() + "\n").getBytes(StandardCharsets.UTF_8) : r.bytes();
        Digest digest = sidecar ? Digest.ofBytes(body) : r.digest();
        List<CharSequence> headers = new ArrayList<>(List.of(NOSNIFF_HEADER, NOSNIFF));
        if (registry == null) headers.addAll(List.of(HttpHeaders.VARY, HOST));
        if (!sidecar) headers.addAll(List.of(CHECKSUM, r.digest().hex()));
        Representation rep = new Representation(sidecar ? "text/plain; charset=utf-8" : IndexInput.MEDIA_TYPE,
                Representation.etagOf(digest), r.lastModified(), headers.toArray(CharSequence[]::new));
        return new Answer(rep, Buffer.buffer(body));
    }

    /** The authority the client used, when it is a plain host[:port] (it is written into YAML). */
    static String hostOf(HttpServerRequest request) {
        HostAndPort authority = request.authority();
        if (authority == null) return null;
        String host = authority.host();
        if (host.contains(":") && !host.startsWith("[")) host = "[" + host + "]";
        String value = authority.port() >= 0 ? host + ":" + authority.port() : host;
        return dev.ferry.core.oci.OciNames.isRegistry(value) ? value : null;
    }

    private void wantedList(RoutingContext ctx) {
        Generation g = catalog.current();
        String allParam = ctx.request().getParam("all");
        if (allParam != null && !allParam.equals("true") && !allParam.equals("false")) {
            Responses.json(ctx.response(), 400, java.util.Map.of("error", "all must be true or false"), ctx.request().method());
            return;
        }
        boolean all = "true".equals(allParam);
        JsonArray list = new JsonArray();
        for (WantedList.Wanted w : wanted.snapshot()) {
            boolean served = g != null && g.files().containsKey(w.lastRequested());
            if (served && !all) continue;
            JsonObject o = new JsonObject()
                    .put("path", w.path())
                    .put("driverVersion", w.where().driverVersion())
                    .put("arch", w.where().arch())
                    .put("kind", w.name().kind())
                    .put("target", w.name().target())
                    .put("kernelRelease", w.name().kernelRelease())
                    .put("kernelVersion", w.name().kernelVersion())
                    .put("requests", w.requests())
                    .put("firstSeen", w.firstSeen().toString())
                    .put("lastSeen", w.lastSeen().toString())
                    .put("lastRequested", "/" + w.lastRequested());
            if (all) o.put("servedNow", served);
            list.add(o);
        }
        JsonObject body = new JsonObject()
                .put("generation", g == null ? 0 : g.number())
                .put("capacity", wanted.capacity())
                .put("evicted", wanted.evicted())
                .put("wanted", list);
        if (images != null) {
            body.put("images", new JsonObject()
                    .put("capacity", images.capacity())
                    .put("evicted", images.evicted())
                    .put("wanted", new JsonArray(new java.util.ArrayList<>(images.toJson(g, all)))));
        }
        ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        Responses.send(ctx.response(), 200, "application/json", Buffer.buffer(body.encodePrettily() + "\n").getBytes(),
                ctx.request().method());
    }
}
