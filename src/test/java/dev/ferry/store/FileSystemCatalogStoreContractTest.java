package dev.ferry.store;

import java.io.IOException;
import java.nio.file.Path;

/** The file-system backend against the catalog store contract. */
class FileSystemCatalogStoreContractTest extends CatalogStoreContract {
    @Override
    protected Store newStore(Path stateDir) throws IOException {
        return Store.create(stateDir);
    }
}
