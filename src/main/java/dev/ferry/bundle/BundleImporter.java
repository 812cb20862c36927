package dev.ferry.bundle;

import dev.ferry.importer.ImportOptions;
import dev.ferry.importer.ImportReport;
import dev.ferry.importer.Importer;
import dev.ferry.store.Store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * Imports bundles into a store: from a file (or split parts) on a USB stick, or from a stream.
 * Either way the import is all-or-nothing, journaled, and runs in memory independent of the
 * bundle's size. Both methods block; never call them on an event loop.
 */
public final class BundleImporter {
    private final Store store;
    private final ImportOptions options;

    /** @param options carrying {@link BundleImportSettings} (trusted keys, --allow-unsigned, --allow-downgrade); prefix/replace unset */
    public BundleImporter(Store store, ImportOptions options) {
        this.store = store;
        this.options = options;
    }

    /** A bundle file, a split bundle's index, or its first part. */
    public ImportReport importFile(Path path, LongConsumer progress) throws IOException {
        return new Importer(store).allowDowngrade(BundleImportSettings.of(options).allowDowngrade()).run(new BundleInput(BundleSource.of(path), options), progress);
    }

    /**
     * Imports the bundle read from {@code in}, e.g. an HTTP upload streamed as it arrives: the signature
     * is checked before any payload byte is read, and nothing is published unless the stream ends
     * exactly where the bundle does with every check passed. The stream is read once; the caller
     * closes it. Only a whole bundle can be streamed (a split bundle's parts are files).
     *
     * @param source names the upload in the journal and in messages, e.g. "upload from 10.0.0.7"
     * @throws dev.ferry.core.RejectedException with the entry and the reason when the bundle is refused
     */
    public ImportReport importStream(InputStream in, String source, LongConsumer progress) throws IOException {
        return new Importer(store).allowDowngrade(BundleImportSettings.of(options).allowDowngrade()).run(new BundleInput(BundleSource.of(in, source), options), progress);
    }
}
