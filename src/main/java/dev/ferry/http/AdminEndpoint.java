package dev.ferry.http;

import dev.ferry.serving.Responses;
import dev.ferry.serving.Endpoint;
import dev.ferry.core.Reasons;
import dev.ferry.admin.TokenRegistry;
import dev.ferry.admin.TokenScope;
import dev.ferry.config.AdminSettings;
import dev.ferry.store.Generation;
import dev.ferry.store.JournalEntry;
import dev.ferry.store.LiveCatalog;
import dev.ferry.store.StoreLock;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The admin API under {@code /api/v1/}: upload a bundle ({@code POST imports}), read the import
 * journal ({@code GET imports}), roll back ({@code POST rollback}). Every route needs a token with
 * its scope (see {@link AdminGuard}); every request is journaled (see {@link AdminAudit}).
 */
public final class AdminEndpoint implements Endpoint {
    static final String IMPORTS = "/api/v1/imports";
    static final String ROLLBACK = "/api/v1/rollback";
    /** The admin routes: audited, guarded, never looked up in the catalog or behind the read gate. */
    static final List<String> PATHS = List.of(IMPORTS, ROLLBACK);
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 10_000;

    private final AdminSettings settings;
    private final LiveCatalog catalog;
    private final AdminGuard guard;
    private final AdminAudit audit;
    private final WorkerExecutor workers;
    private final UploadImporter importer;

    /**
     * @param workers  runs imports and rollbacks (long, blocking)
     * @param importer reads an uploaded bundle, or null when this build cannot import uploads
     */
    AdminEndpoint(AdminSettings settings, LiveCatalog catalog, AdminGuard guard, AdminAudit audit,
                  WorkerExecutor workers, UploadImporter importer) {
        this.settings = settings;
        this.catalog = catalog;
        this.guard = guard;
        this.audit = audit;
        this.workers = workers;
        this.importer = importer;
    }

    /** @param tokens null when the admin API is off (its routes then answer 404) */
    static AdminEndpoint create(Vertx vertx, AdminSettings settings, LiveCatalog catalog, TokenRegistry tokens,
                                UploadImporter importer) {
        WorkerExecutor workers = vertx.createSharedWorkerExecutor("ferry-admin", 2, 24, TimeUnit.HOURS);
        WorkerExecutor auditWriter = vertx.createSharedWorkerExecutor("ferry-audit", 1);
        return new AdminEndpoint(settings, catalog, new AdminGuard(settings, tokens),
                new AdminAudit(catalog.store().journal(), catalog, auditWriter), workers, importer);
    }

    @Override
    public void register(Router router) {
        for (String path : PATHS) router.route(path).handler(audit::begin);
        router.get(IMPORTS).handler(guard.require(TokenScope.READ)).handler(this::journal);
        router.post(IMPORTS).handler(guard.require(TokenScope.IMPORT)).handler(this::upload);
        router.post(ROLLBACK).handler(guard.require(TokenScope.ROLLBACK)).handler(this::rollback);
        for (String path : PATHS) router.route(path).handler(ctx -> AdminGuard.deny(ctx, 405, "method not allowed here"));
    }

    private void journal(RoutingContext ctx) {
        ctx.request().resume();
        int limit;
        try {
            String l = ctx.request().getParam("limit");
            limit = l == null ? DEFAULT_LIMIT : Integer.parseInt(l);
            if (limit < 1 || limit > MAX_LIMIT) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            AdminGuard.deny(ctx, 400, "limit must be between 1 and " + MAX_LIMIT);
            return;
        }
        workers.executeBlocking(() -> catalog.store().journal().tail(limit, e -> "import".equals(e.action())), false)
                .onComplete(r -> {
                    if (r.failed()) {
                        AdminGuard.deny(ctx, 500, "cannot read the journal: " + Reasons.of(r.cause()));
                        return;
                    }
                    List<JournalEntry> entries = r.result();
                    Responses.json(ctx.response(), 200, Map.of("entries", entries), ctx.request().method());
                });
    }

    private void rollback(RoutingContext ctx) {
        ctx.request().resume();
        OptionalLong to = OptionalLong.empty();
        String param = ctx.request().getParam("to");
        if (param != null) {
            try {
                to = OptionalLong.of(Long.parseLong(param));
                if (to.getAsLong() < 0) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                AdminGuard.deny(ctx, 400, "to must be a generation number");
                return;
            }
        }
        OptionalLong target = to;
        workers.executeBlocking(() -> {
            long from = catalog.store().current().number();
            Generation now = catalog.store().rollback(target);
            catalog.refresh();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("from", from);
            result.put("generation", now.number());
            result.put("paths", now.files().size());
            return result;
        }, false).onComplete(r -> {
            if (r.succeeded()) Responses.json(ctx.response(), 200, r.result(), ctx.request().method());
            else AdminGuard.deny(ctx, r.cause() instanceof StoreLock.StoreBusyException ? 409 : 422, Reasons.of(r.cause()));
        });
    }

    private void upload(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        long limit = settings.maxUploadBytes();
        String declared = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            if (declared != null && Long.parseLong(declared) > limit) {
                AdminGuard.deny(ctx, 413, "upload of " + declared + " bytes exceeds admin.maxUpload (" + limit + " bytes)");
                return;
            }
        } catch (NumberFormatException e) {
            AdminGuard.deny(ctx, 400, "bad Content-Length");
            return;
        }
        if (importer == null) {
            AdminGuard.deny(ctx, 501, "this build cannot import uploaded bundles");
            return;
        }
        if ("100-continue".equalsIgnoreCase(req.getHeader(HttpHeaders.EXPECT))) ctx.response().writeContinue();
        RequestBodyStream body = new RequestBodyStream(req, ctx.vertx().getOrCreateContext(), limit);
        ctx.put(AdminAudit.BYTES, (java.util.function.LongSupplier) body::received);
        String source = "upload " + uploadName(req) + " (token " + ctx.get(AdminAudit.TOKEN) + ", " + req.remoteAddress() + ")";
        workers.executeBlocking(() -> {
            try (body) {
                return importer.importStream(body, source, n -> { });
            }
        }, false).onComplete(r -> {
            if (r.succeeded()) {
                Responses.json(ctx.response(), 200, r.result().toJson(), req.method());
            } else if (body.tooLarge()) {
                AdminGuard.deny(ctx, 413, Reasons.of(r.cause()) + " (admin.maxUpload)");
            } else {
                body.afterEnd(() -> {
                    if (body.tooLarge()) AdminGuard.deny(ctx, 413, "upload exceeds the limit of " + limit + " bytes (admin.maxUpload)");
                    else if (r.cause() instanceof StoreLock.StoreBusyException) AdminGuard.deny(ctx, 409, Reasons.of(r.cause()));
                    else if (r.cause() instanceof IOException) AdminGuard.deny(ctx, 422, Reasons.of(r.cause()));
                    else AdminGuard.deny(ctx, 500, "import failed: " + r.cause());
                });
            }
        });
    }

    /** The client's name for the upload (?name=), reduced to harmless characters. */
    private static String uploadName(HttpServerRequest req) {
        String name = req.getParam("name");
        if (name == null || name.isBlank()) return "bundle";
        String safe = name.replaceAll("[^A-Za-z0-9._+-]", "_");
        return safe.length() > 100 ? safe.substring(0, 100) : safe;
    }
}
