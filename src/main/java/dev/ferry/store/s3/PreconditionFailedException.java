package dev.ferry.store.s3;

import java.io.IOException;

/** A conditional write lost: the key exists already (create-if-absent), or a concurrent write conflicted. */
final class PreconditionFailedException extends IOException {
    PreconditionFailedException(String key) {
        super("s3 object " + key + " was created by another writer first");
    }
}
