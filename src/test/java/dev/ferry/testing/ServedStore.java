package dev.ferry.testing;

import dev.ferry.config.ConfigLoader;
import dev.ferry.config.FerryConfig;
import dev.ferry.http.FerryServer;
import dev.ferry.importer.ChecksummedTreeInput;
import dev.ferry.importer.ImportOptions;
import dev.ferry.importer.Importer;
import dev.ferry.store.CatalogPath;
import dev.ferry.core.Digest;
import dev.ferry.store.Store;
import dev.ferry.store.StoreTransaction;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A store and an in-process server on a free loopback port, for HTTP tests; content is published through the real store. */
public final class ServedStore implements AutoCloseable {
    private final Path dir;
    private final Store store;
    private final FerryServer server;
    private int trees;

    private ServedStore(Path dir, Store store, FerryServer server) {
        this.dir = dir;
        this.store = store;
        this.server = server;
    }

    /** Publishes {@code files} first (if any), then starts serving; {@code settings} are dotted config overrides. */
    public static ServedStore start(Path dir, Map<String, byte[]> files, Map<String, String> settings) throws IOException {
        Store store = Store.create(dir.resolve("store"));
        Map<String, String> overrides = new HashMap<>(Map.of("server.host", "127.0.0.1", "server.port", "0",
                "store.reloadInterval", "100ms"));
        overrides.putAll(settings);
        FerryConfig config = ConfigLoader.load(null, Map.of(), overrides);
        if (!files.isEmpty()) new Importer(store).run(dev.ferry.testing.Classified.tree(Trees.tree(dir.resolve("tree-initial"), files),
                new ImportOptions()), n -> { });
        return new ServedStore(dir, store, dev.ferry.app.FerryApp.serve(config, store));
    }

    public Store store() {
        return store;
    }

    public FerryServer server() {
        return server;
    }

    public int port() {
        return server.port();
    }

    /** Imports a checksummed tree (added to what is published) and makes the server serve it now. */
    public void importFiles(Map<String, byte[]> files) throws IOException {
        importTree(files);
        refresh();
    }

    /** Publishes one file with a media type and metadata, as a family importer would, and serves it now. */
    public void publish(String path, byte[] content, String mediaType, Map<String, String> metadata) throws IOException {
        try (StoreTransaction tx = store.begin("test publish " + path)) {
            Digest digest = tx.putBlob(path, new ByteArrayInputStream(content), Digest.ofBytes(content), content.length);
            tx.putFile(CatalogPath.of(path), digest, content.length, mediaType, "file", metadata);
            tx.commit();
        }
        refresh();
    }

    private void importTree(Map<String, byte[]> files) throws IOException {
        Path tree = Trees.tree(dir.resolve("tree-" + (trees++)), files);
        new Importer(store).run(dev.ferry.testing.Classified.tree(tree, new ImportOptions()), n -> { });
    }

    private void refresh() throws IOException {
        if (server != null) server.catalog().refresh();
    }

    @Override
    public void close() {
        if (server != null) server.close();
    }
}
