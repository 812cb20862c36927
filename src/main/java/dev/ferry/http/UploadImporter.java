package dev.ferry.http;

import dev.ferry.importer.ImportReport;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/**
 * What {@code POST /api/v1/imports} hands an upload to: reads the whole stream on a worker thread,
 * verifies it and publishes it as one generation, or throws and changes nothing.
 */
@FunctionalInterface
public interface UploadImporter {
    ImportReport importStream(InputStream upload, String source, LongConsumer progress) throws IOException;
}
