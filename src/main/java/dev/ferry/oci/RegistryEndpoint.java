package dev.ferry.oci;

import dev.ferry.core.oci.OciNames;
import dev.ferry.core.oci.OciDigests;
import dev.ferry.serving.Endpoint;
import dev.ferry.serving.RequestPaths;
import dev.ferry.serving.Responses;
import dev.ferry.metrics.FerryMetrics;
import dev.ferry.serving.BlobResponder;
import dev.ferry.serving.ErrorAnswers;
import dev.ferry.serving.Representation;
import dev.ferry.core.Digest;
import dev.ferry.store.Generation;
import dev.ferry.store.LiveCatalog;
import dev.ferry.store.OciRepository;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.Optional;

/**
 * The OCI distribution API, pull side only, over the served generation's repositories. Every
 * answer is computed from the in-memory catalog; a blob is opened before anything is answered and
 * its bytes go out from that open handle, manifests from a verified in-memory copy, so nothing
 * blocks an event loop and gc cannot take bytes away from a request being answered. Conditional
 * requests, ranges and HEAD are the shared {@link BlobResponder}'s, exactly as on the file routes,
 * with the ETag {@code "sha256:<hex>"} and no Last-Modified; only the error bodies are the
 * registry's own. Every method other than GET and HEAD is refused with UNSUPPORTED and changes
 * nothing: content arrives by import only.
 */
public final class RegistryEndpoint implements Endpoint {
    public static final CharSequence API_VERSION = HttpHeaders.createOptimized("Docker-Distribution-API-Version");
    public static final CharSequence CONTENT_DIGEST = HttpHeaders.createOptimized("Docker-Content-Digest");
    private static final CharSequence REGISTRY_2 = HttpHeaders.createOptimized("registry/2.0");
    private static final CharSequence NOSNIFF_HEADER = HttpHeaders.createOptimized("X-Content-Type-Options");
    private static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");
    private static final Logger LOG = LoggerFactory.getLogger(RegistryEndpoint.class);

    private final LiveCatalog catalog;
    private final FerryMetrics metrics;
    private final BlobResponder responder;
    private final ManifestCache manifests = new ManifestCache(64L << 20);
    private final WantedImages wanted;
    private final ManifestMisses misses;
    private volatile MirrorIndex index;

    public RegistryEndpoint(LiveCatalog catalog, FerryMetrics metrics, BlobResponder responder) {
        this(catalog, metrics, responder, null, null);
    }

    /** @param wanted where unanswered manifest requests are recorded, or null; {@code misses} likewise */
    public RegistryEndpoint(LiveCatalog catalog, FerryMetrics metrics, BlobResponder responder, WantedImages wanted,
                            ManifestMisses misses) {
        this.catalog = catalog;
        this.metrics = metrics;
        this.responder = responder;
        this.wanted = wanted;
        this.misses = misses;
        catalog.onChange(g -> index = MirrorIndex.of(g)); // built by the refreshing thread, not an event loop
    }

    /** The resolution index of {@code generation}, built once per generation (here only for the one served at start). */
    private MirrorIndex index(Generation generation) {
        MirrorIndex i = index;
        if (i == null || i.generation() != generation) {
            i = MirrorIndex.of(generation);
            index = i;
        }
        return i;
    }

    @Override
    public void register(Router router) {
        // prefix routes rather than a regex: every request in front of the file route passes this check
        router.route("/v2").handler(this::handle);
        router.route("/v2/*").handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        ctx.response().putHeader(API_VERSION, REGISTRY_2);
        HttpMethod method = req.method();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            ctx.response().putHeader(HttpHeaders.ALLOW, "GET, HEAD");
            RegistryErrors.send(ctx.request(), 405, RegistryErrors.UNSUPPORTED,
                    "read-only registry: " + method + " is not supported; content is published by ferry import");
            return;
        }
        RegistryRoute route;
        try {
            route = RegistryRoute.parse(req.path());
        } catch (RequestPaths.BadPathException e) {
            RegistryErrors.send(ctx.request(), 400, RegistryErrors.NAME_INVALID, "invalid request path: " + e.getMessage());
            return;
        }
        Generation generation = catalog.current();
        if (generation == null) {
            RegistryErrors.send(ctx.request(), 503, RegistryErrors.UNAVAILABLE, "catalog not loaded yet");
            return;
        }
        switch (route.kind()) {
            case BASE -> Responses.send(ctx.response(), 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8), method);
            case CATALOG -> RegistryListings.catalog(ctx, generation);
            case UPLOAD -> RegistryErrors.send(ctx.request(), 405, RegistryErrors.UNSUPPORTED, "read-only registry: uploads are not supported");
            case UNKNOWN -> RegistryErrors.send(ctx.request(), 404, RegistryErrors.UNSUPPORTED, "no such registry API endpoint");
            default -> repositoryRequest(ctx, generation, route);
        }
    }

    private void repositoryRequest(RoutingContext ctx, Generation generation, RegistryRoute route) {
        String name = route.name();
        if (!OciNames.isName(name)) {
            RegistryErrors.send(ctx.request(), 400, RegistryErrors.NAME_INVALID, "invalid repository name", Map.of("name", name));
            return;
        }
        MirrorIndex.Resolution resolved = index(generation).resolve(name, ctx.request().getParam("ns"));
        if (resolved.ambiguous()) {
            RegistryErrors.send(ctx.request(), 404, RegistryErrors.NAME_UNKNOWN, "repository name is ambiguous: "
                    + String.join(" and ", resolved.candidates()) + " both serve it; ask with ns=<upstream host> or as /v2/<upstream host>/"
                    + name, Map.of("name", name, "candidates", String.join(",", resolved.candidates())));
            return;
        }
        Optional<OciRepository> repo = resolved.found() ? generation.repository(resolved.name()) : Optional.empty();
        if (repo.isEmpty()) {
            if (route.kind() == RegistryRoute.Kind.MANIFEST) recordMiss(resolved, route.reference());
            RegistryErrors.send(ctx.request(), 404, RegistryErrors.NAME_UNKNOWN, "repository name not known to registry", Map.of("name", name));
            return;
        }
        switch (route.kind()) {
            case MANIFEST -> manifest(ctx, name, repo.get(), route.reference(), resolved);
            case BLOB -> blob(ctx, name, repo.get(), route.reference());
            case TAGS -> RegistryListings.tags(ctx, name, repo.get());
            case REFERRERS -> RegistryListings.referrers(ctx, name, repo.get(), route.reference());
            default -> throw new IllegalStateException(route.kind().toString());
        }
    }

    /** A manifest request nothing answers: the image goes on the wanted list (well-formed references only). */
    private void recordMiss(MirrorIndex.Resolution resolved, String reference) {
        if (wanted == null || resolved.upstream() == null) return;
        if (!OciNames.isTag(reference) && OciDigests.problem(reference) != null) return;
        wanted.record(resolved.upstream(), resolved.path(), reference, java.time.Instant.now());
        if (misses != null) misses.miss(resolved.upstream());
    }

    private void manifest(RoutingContext ctx, String name, OciRepository repo, String reference, MirrorIndex.Resolution resolved) {
        Digest digest;
        boolean byTag = reference.indexOf(':') < 0;
        if (byTag) {
            digest = OciNames.isTag(reference) ? repo.tags().get(reference) : null;
        } else {
            Optional<Digest> parsed = digest(ctx, reference);
            if (parsed == null) return;
            digest = parsed.orElse(null);
        }
        OciRepository.OciManifest m = digest == null ? null : repo.manifests().get(digest.toString());
        if (m == null) {
            recordMiss(resolved, reference);
            RegistryErrors.send(ctx.request(), 404, RegistryErrors.MANIFEST_UNKNOWN, "manifest unknown",
                    Map.of("name", name, "reference", reference));
            return;
        }
        if (byTag && !Accepts.accepts(ctx.request().headers().getAll(HttpHeaders.ACCEPT), m.mediaType())) {
            // as distribution does: the tag exists, but not in a form this client says it can read
            RegistryErrors.send(ctx.request(), 404, RegistryErrors.MANIFEST_UNKNOWN, "manifest is " + m.mediaType()
                    + ", which the request's Accept header does not list", Map.of("name", name, "reference", reference));
            return;
        }
        // opened and verified before answering, HEAD too: its 200 promises that a GET would get these bytes
        Digest d = digest;
        manifests.get(ctx.vertx(), catalog.store().blobs(), digest, m.size()).onComplete(r -> {
            if (r.failed()) {
                if (r.cause() instanceof NoSuchFileException) { // collected since the catalog lookup
                    RegistryErrors.send(ctx.request(), 404, RegistryErrors.MANIFEST_UNKNOWN, "manifest unknown",
                            Map.of("name", name, "reference", reference));
                    return;
                }
                LOG.warn("cannot serve manifest {}: {}", d, r.cause().getMessage());
                RegistryErrors.send(ctx.request(), 500, "UNKNOWN", "cannot read stored manifest");
                return;
            }
            Representation rep = new Representation(m.mediaType(), Representation.etagOf(d), null,
                    CONTENT_DIGEST, d.toString(), NOSNIFF_HEADER, NOSNIFF);
            responder.respond(ctx.request(), rep, r.result(), ERRORS).onSuccess(this::countSent);
        });
    }

    private void blob(RoutingContext ctx, String name, OciRepository repo, String reference) {
        Optional<Digest> parsed = digest(ctx, reference);
        if (parsed == null) return;
        Digest digest = parsed.orElse(null);
        Long size = digest == null ? null : repo.blobs().get(digest.toString());
        if (size == null && digest != null) {
            OciRepository.OciManifest m = repo.manifests().get(digest.toString());
            if (m != null) size = m.size();
        }
        if (size == null) {
            blobUnknown(ctx, name, reference);
            return;
        }
        Representation rep = new Representation("application/octet-stream", Representation.etagOf(digest), null,
                CONTENT_DIGEST, digest.toString(), NOSNIFF_HEADER, NOSNIFF);
        // relayed from object storage, or opened before answering so that gc cannot take the bytes away
        responder.respondStored(ctx.request(), rep, catalog.store().blobs(), digest, size, errorsFor(name, reference), null)
                .onSuccess(this::countSent);
    }

    /** The responder's errors, where a blob collected or damaged since the catalog lookup is unknown to the registry. */
    private static ErrorAnswers errorsFor(String name, String reference) {
        return new ErrorAnswers() {
            @Override
            public void rangeNotSatisfiable(HttpServerRequest request, long size) {
                ERRORS.rangeNotSatisfiable(request, size);
            }

            @Override
            public void unreadable(HttpServerRequest request) {
                ERRORS.unreadable(request);
            }

            @Override
            public void missing(HttpServerRequest request) {
                request.response().putHeader(API_VERSION, REGISTRY_2);
                RegistryErrors.send(request, 404, RegistryErrors.BLOB_UNKNOWN, "blob unknown to registry",
                        Map.of("name", name, "digest", reference));
            }
        };
    }

    private static void blobUnknown(RoutingContext ctx, String name, String reference) {
        RegistryErrors.send(ctx.request(), 404, RegistryErrors.BLOB_UNKNOWN, "blob unknown to registry", Map.of("name", name, "digest", reference));
    }

    private void countSent(long bytes) {
        if (bytes > 0) metrics.ociBytesSent(bytes);
    }

    /** The responder's own errors in the distribution spec's JSON form. */
    private static final ErrorAnswers ERRORS = new ErrorAnswers() {
        @Override
        public void rangeNotSatisfiable(HttpServerRequest request, long size) {
            RegistryErrors.send(request, 416, RegistryErrors.RANGE_INVALID, "range not satisfiable", Map.of("size", Long.toString(size)));
        }

        @Override
        public void unreadable(HttpServerRequest request) {
            request.response().putHeader(API_VERSION, REGISTRY_2);
            RegistryErrors.send(request, 500, "UNKNOWN", "cannot read stored blob", Map.of());
        }
    };

    /**
     * Parses a digest reference. A malformed one is answered 400 DIGEST_INVALID (null returned);
     * a well-formed digest Ferry cannot hold (another algorithm) is simply unknown (empty).
     */
    static Optional<Digest> digest(RoutingContext ctx, String reference) {
        String problem = OciDigests.problem(reference);
        if (problem == null) return Optional.of(Digest.parse(reference));
        if (OciDigests.wellFormed(reference) && !problem.startsWith("malformed")) return Optional.empty();
        RegistryErrors.send(ctx.request(), 400, RegistryErrors.DIGEST_INVALID, "invalid digest: " + problem, Map.of("digest", reference));
        return null;
    }
}
