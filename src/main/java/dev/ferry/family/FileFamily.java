package dev.ferry.family;

import dev.ferry.importer.ChecksummedTreeInput;
import dev.ferry.importer.InputKind;
import dev.ferry.importer.StoreInput;
import dev.ferry.store.FileEntry;

import java.util.List;

/** Plain files: what no other family claims. It reads another store and checksummed trees (SHA256SUMS). */
public final class FileFamily implements Family {
    @Override
    public String name() {
        return FileEntry.PLAIN_FAMILY;
    }

    @Override
    public List<InputKind> inputKinds() {
        return List.of(new StoreInput.Kind(), new ChecksummedTreeInput.Kind());
    }
}
