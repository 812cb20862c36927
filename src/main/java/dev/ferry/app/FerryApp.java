package dev.ferry.app;

import dev.ferry.config.FerryConfig;
import dev.ferry.http.FerryServer;
import dev.ferry.http.UploadImporter;
import dev.ferry.store.Store;

import java.io.IOException;

/** Assembles Ferry: the HTTP server with every family of {@link FerryFamilies}. */
public final class FerryApp {
    private FerryApp() {
    }

    /** Starts serving {@code store}; returns once the ports are bound. */
    public static FerryServer serve(FerryConfig config, Store store) throws IOException {
        return serve(config, store, null);
    }

    /** @param uploads what {@code POST /api/v1/imports} feeds uploads to; null = uploads refused */
    public static FerryServer serve(FerryConfig config, Store store, UploadImporter uploads) throws IOException {
        return FerryServer.start(config, store, uploads, FerryFamilies.all());
    }
}
