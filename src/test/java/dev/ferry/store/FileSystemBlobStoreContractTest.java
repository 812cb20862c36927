package dev.ferry.store;

import java.io.IOException;
import java.nio.file.Path;

/** The file-system backend against the blob store contract. */
class FileSystemBlobStoreContractTest extends BlobStoreContract {
    @Override
    protected Store newStore(Path stateDir) throws IOException {
        return Store.create(stateDir);
    }
}
