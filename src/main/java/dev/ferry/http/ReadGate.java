package dev.ferry.http;

import dev.ferry.serving.Responses;
import dev.ferry.serving.Endpoint;
import dev.ferry.admin.Credentials;
import dev.ferry.admin.TokenRegistry;
import dev.ferry.admin.TokenScope;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * With {@code admin.protectReads}: every route except the probes and the admin API (which has its
 * own guard) needs a token with the {@code read} scope, as Bearer or as the Basic password (the
 * form OCI clients send after a Basic challenge). Checked against the registry's snapshot, on
 * the event loop: one hash per request.
 */
final class ReadGate implements Endpoint {
    private final TokenRegistry tokens;

    /** @param tokens null when reads are not protected (the gate then registers nothing) */
    ReadGate(TokenRegistry tokens) {
        this.tokens = tokens;
    }

    @Override
    public void register(Router router) {
        if (tokens == null) return;
        router.route().handler(ctx -> {
            String path = ctx.normalizedPath();
            if (path.equals("/healthz") || path.equals("/readyz") || AdminEndpoint.PATHS.contains(path)) {
                ctx.next();
                return;
            }
            boolean allowed = Credentials.token(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))
                    .flatMap(tokens::authenticate)
                    .map(t -> t.scopes().contains(TokenScope.READ))
                    .orElse(false);
            if (allowed) {
                ctx.next();
                return;
            }
            ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"ferry\"");
            Responses.text(ctx.response(), 401, "a token with the read scope is required\n", ctx.request().method());
        });
    }
}
