package dev.ferry.http;

import dev.ferry.store.Generation;
import dev.ferry.store.Journal;
import dev.ferry.store.JournalEntry;
import dev.ferry.store.LiveCatalog;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * One journal line per admin request, written when the response is done: who (token name, client
 * certificate, address), what (method, path), and how it ended (status, reason, bytes uploaded).
 * Writes are serial on one worker; a flood of requests cannot queue more than {@link #MAX_PENDING}.
 */
final class AdminAudit {
    private static final Logger LOG = LoggerFactory.getLogger(AdminAudit.class);
    static final String TOKEN = "ferry.audit.token";
    static final String CLIENT = "ferry.audit.client";
    static final String REASON = "ferry.audit.reason";
    /** a LongSupplier: bytes of the request body received */
    static final String BYTES = "ferry.audit.bytes";
    private static final int MAX_PENDING = 1000;
    private static final int MAX_PATH = 200;

    private final Journal journal;
    private final LiveCatalog catalog;
    private final WorkerExecutor writer;
    private final AtomicInteger pending = new AtomicInteger();

    AdminAudit(Journal journal, LiveCatalog catalog, WorkerExecutor writer) {
        this.journal = journal;
        this.catalog = catalog;
        this.writer = writer;
    }

    /** First handler of every admin route: holds the body back until the request is authorised, records the outcome. */
    void begin(RoutingContext ctx) {
        ctx.request().pause();
        ctx.addEndHandler(done -> record(ctx));
        ctx.next();
    }

    private void record(RoutingContext ctx) {
        boolean answered = ctx.response().ended();
        int status = answered ? ctx.response().getStatusCode() : 0;
        String path = ctx.request().path();
        if (path.length() > MAX_PATH) path = path.substring(0, MAX_PATH) + "…";
        Map<String, String> details = new LinkedHashMap<>();
        details.put("status", answered ? Integer.toString(status) : "none");
        details.put("remote", String.valueOf(ctx.request().remoteAddress()));
        details.put("tls", Boolean.toString(ctx.request().isSSL()));
        putIfSet(details, "token", ctx.get(TOKEN));
        putIfSet(details, "clientCertificate", ctx.get(CLIENT));
        LongSupplier bytes = ctx.get(BYTES);
        if (bytes != null) details.put("bytes", Long.toString(bytes.getAsLong()));
        Generation g = catalog.current();
        String reason = answered ? ctx.get(REASON) : "connection closed before the response";
        boolean ok = answered && status < 400;
        JournalEntry entry = new JournalEntry(Instant.now(), "admin", ok ? JournalEntry.SUCCESS : JournalEntry.FAILURE,
                ctx.request().method() + " " + path, reason, g == null ? 0 : g.number(), details);
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            LOG.warn("admin audit backlog full, not journaled: {} {} -> {}", entry.source(), status, reason);
            return;
        }
        try {
            writer.executeBlocking(() -> {
                journal.append(entry);
                return null;
            }, true).onComplete(r -> {
                pending.decrementAndGet();
                if (r.failed()) LOG.error("cannot journal admin request {}: {}", entry.source(), r.cause().getMessage());
            });
        } catch (RejectedExecutionException stopping) {
            pending.decrementAndGet();
            LOG.warn("server stopping, admin request not journaled: {} -> {}", entry.source(), status);
        }
    }

    private static void putIfSet(Map<String, String> details, String key, Object value) {
        if (value != null) details.put(key, value.toString());
    }
}
