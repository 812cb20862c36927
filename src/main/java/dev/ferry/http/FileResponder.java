package dev.ferry.http;

import dev.ferry.metrics.FerryMetrics;
import dev.ferry.serving.BlobResponder;
import dev.ferry.serving.ErrorAnswers;
import dev.ferry.store.BlobHandle;
import dev.ferry.store.BlobStore;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

import java.io.IOException;

/**
 * The file routes' side of answering: finds the bytes of a representation (the small-blob cache,
 * else the blob opened before anything is answered, so a request in flight keeps its bytes even
 * if gc deletes the blob meanwhile) and hands them to the shared {@link BlobResponder}. A blob
 * that is missing or not the catalogued size is damaged or quarantined: 503, never a short body.
 */
final class FileResponder {
    private final BlobStore blobs;
    private final SmallBlobCache smallBlobs;
    private final FerryMetrics metrics;
    private final BlobResponder responder;
    /** Small blobs are read into memory when opened, and kept: the next request for one costs a socket write. */
    private final BlobResponder.Preload smallBlobLoad;

    FileResponder(BlobStore blobs, SmallBlobCache smallBlobs, FerryMetrics metrics, BlobResponder responder) {
        this.blobs = blobs;
        this.smallBlobs = smallBlobs;
        this.metrics = metrics;
        this.responder = responder;
        this.smallBlobLoad = new BlobResponder.Preload() {
            @Override
            public boolean takes(long size) {
                return size <= SmallBlobCache.MAX_ENTRY_BYTES;
            }

            @Override
            public Buffer load(BlobHandle handle) throws IOException {
                return smallBlobs.load(handle, handle.size());
            }
        };
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
        counted(responder.respondStored(request, rep.described(), blobs, rep.digest(), rep.size(), ErrorAnswers.PLAIN, smallBlobLoad));
    }

    private void counted(Future<Long> sent) {
        sent.onSuccess(bytes -> {
            if (bytes > 0) metrics.fileBytesSent(bytes);
        });
    }
}
