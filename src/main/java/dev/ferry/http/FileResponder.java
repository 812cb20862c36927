package dev.ferry.http;

import dev.ferry.serving.Responses;
import dev.ferry.metrics.FerryMetrics;
import dev.ferry.serving.BlobResponder;
import dev.ferry.serving.ErrorAnswers;
import dev.ferry.store.BlobHandle;
import dev.ferry.store.BlobStore;
import dev.ferry.store.DamagedBlobException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * The file routes' side of answering: finds the bytes of a representation (the small-blob cache,
 * else the blob opened before anything is answered, so a request in flight keeps its bytes even
 * if gc deletes the blob meanwhile) and hands them to the shared {@link BlobResponder}. A blob
 * that is missing or not the catalogued size is damaged or quarantined: 503, never a short body.
 */
final class FileResponder {
    private static final Logger LOG = LoggerFactory.getLogger(FileResponder.class);

    private final BlobStore blobs;
    private final SmallBlobCache smallBlobs;
    private final FerryMetrics metrics;
    private final BlobResponder responder;

    FileResponder(BlobStore blobs, SmallBlobCache smallBlobs, FerryMetrics metrics, BlobResponder responder) {
        this.blobs = blobs;
        this.smallBlobs = smallBlobs;
        this.metrics = metrics;
        this.responder = responder;
    }

    void respond(HttpServerRequest request, Representation rep) {
        if (!rep.isStored()) {
            counted(responder.respond(request, rep.described(), rep.inline(), ErrorAnswers.PLAIN));
            return;
        }
        Buffer cached = smallBlobs.get(rep.digest());
        if (cached != null) {
            counted(responder.respond(request, rep.described(), cached, ErrorAnswers.PLAIN));
            return;
        }
        // opened on a worker: a backend's open may be a network round trip
        boolean whole = responder.sendsWholeBody(request);
        Vertx.currentContext().executeBlocking(() -> open(rep, whole), false).onComplete(opened -> {
            if (opened.succeeded()) {
                Opened o = opened.result();
                if (o.bytes() != null) counted(responder.respond(request, rep.described(), o.bytes(), ErrorAnswers.PLAIN));
                else counted(responder.respond(request, rep.described(), o.handle(), ErrorAnswers.PLAIN));
            } else {
                unavailable(request, rep, opened.cause());
            }
        });
    }

    /** Either the small blob's verified bytes (handle already closed) or the open handle. */
    private record Opened(BlobHandle handle, Buffer bytes) {
    }

    private Opened open(Representation rep, boolean whole) throws IOException {
        BlobHandle handle = whole ? blobs.openHandleForWholeRead(rep.digest()) : blobs.openHandle(rep.digest());
        try {
            if (handle.size() != rep.size()) {
                throw new DamagedBlobException("stored blob has " + handle.size() + " bytes, the catalog says " + rep.size());
            }
            Buffer loaded = smallBlobs.load(handle, rep.size());
            if (loaded == null) return new Opened(handle, null);
            handle.close();
            return new Opened(null, loaded);
        } catch (IOException | RuntimeException e) {
            handle.close();
            throw e;
        }
    }

    private void unavailable(HttpServerRequest request, Representation rep, Throwable cause) {
        if (ErrorAnswers.isDamage(cause)) {
            LOG.warn("not serving {} for {}: {}", rep.digest(), request.path(), cause.getMessage());
            ErrorAnswers.damaged(request);
        } else {
            LOG.warn("cannot open stored blob {}: {}", rep.digest(), cause.toString());
            Responses.text(request.response(), 500, "cannot read stored content\n", request.method());
        }
    }

    private void counted(Future<Long> sent) {
        sent.onSuccess(bytes -> {
            if (bytes > 0) metrics.fileBytesSent(bytes);
        });
    }
}
