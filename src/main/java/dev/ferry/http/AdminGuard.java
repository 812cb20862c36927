package dev.ferry.http;

import dev.ferry.serving.Responses;
import dev.ferry.core.Reasons;
import dev.ferry.admin.Credentials;
import dev.ferry.admin.TokenRecord;
import dev.ferry.admin.TokenRegistry;
import dev.ferry.admin.TokenScope;
import dev.ferry.config.AdminSettings;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lets an admin request through only when the transport is acceptable (HTTPS, or loopback), the
 * client certificate is present when required, and the bearer token is valid and has the route's
 * scope. The token file is re-read (on a worker) before each check, so a revocation applies to
 * the very next request.
 */
final class AdminGuard {
    private final AdminSettings settings;
    private final TokenRegistry tokens;

    /** @param tokens null when the admin API is off */
    AdminGuard(AdminSettings settings, TokenRegistry tokens) {
        this.settings = settings;
        this.tokens = tokens;
    }

    Handler<RoutingContext> require(TokenScope scope) {
        return ctx -> {
            HttpServerRequest req = ctx.request();
            if (tokens == null) {
                deny(ctx, 404, "the admin API is off (set admin.tokens)");
                return;
            }
            if (!req.isSSL() && !settings.allowPlainHttp() && !fromLoopback(req)) {
                deny(ctx, 403, "the admin API needs HTTPS (or admin.allowPlainHttp)");
                return;
            }
            if (settings.clientCertificate()) {
                Optional<String> subject = clientCertificate(req);
                if (subject.isEmpty()) {
                    deny(ctx, 403, "a client certificate from tls.clientCa is required");
                    return;
                }
                ctx.put(AdminAudit.CLIENT, subject.get());
            }
            Optional<String> token = Credentials.token(req.getHeader(HttpHeaders.AUTHORIZATION));
            if (token.isEmpty()) {
                ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"ferry\"");
                deny(ctx, 401, "a bearer token is required");
                return;
            }
            ctx.vertx().executeBlocking(() -> {
                tokens.refresh();
                return tokens.authenticate(token.get());
            }, false).onComplete(r -> {
                if (r.failed()) {
                    deny(ctx, 503, "cannot read the token file: " + Reasons.of(r.cause()));
                    return;
                }
                Optional<TokenRecord> who = r.result();
                if (who.isEmpty()) {
                    ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"ferry\", error=\"invalid_token\"");
                    deny(ctx, 401, "invalid or revoked token");
                    return;
                }
                ctx.put(AdminAudit.TOKEN, who.get().name());
                if (!who.get().scopes().contains(scope)) {
                    deny(ctx, 403, "token '" + who.get().name() + "' lacks the '" + scope.label() + "' scope");
                    return;
                }
                ctx.next();
            });
        };
    }

    /** Answers with a JSON error; a request whose body was not read loses its connection once the response is out. */
    static void deny(RoutingContext ctx, int status, String reason) {
        ctx.put(AdminAudit.REASON, reason);
        HttpServerRequest req = ctx.request();
        if (!req.isEnded()) LingeringClose.afterResponse(ctx);
        Responses.json(ctx.response(), status, Map.of("error", reason), req.method());
    }

    private static boolean fromLoopback(HttpServerRequest req) {
        try {
            return req.remoteAddress() != null && InetAddress.getByName(req.remoteAddress().hostAddress()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static Optional<String> clientCertificate(HttpServerRequest req) {
        if (!req.isSSL()) return Optional.empty();
        try {
            List<Certificate> chain = req.connection().peerCertificates();
            if (chain == null || chain.isEmpty() || !(chain.get(0) instanceof X509Certificate leaf)) return Optional.empty();
            return Optional.of(leaf.getSubjectX500Principal().getName());
        } catch (SSLPeerUnverifiedException none) {
            return Optional.empty();
        }
    }
}
