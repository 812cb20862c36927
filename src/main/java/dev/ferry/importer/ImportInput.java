package dev.ferry.importer;

import java.io.IOException;
import java.util.Map;

/** One thing to import, already opened and checked for shape; {@link #stage} streams its content into a sink. */
public interface ImportInput {

    /** Short description for journal and messages, e.g. "directory /media/usb/drivers". */
    String describe();

    void stage(ImportSink sink) throws IOException;

    /**
     * Facts for the journal learned while staging (a bundle's id, signer, digests…); asked after
     * {@link #stage} returned or failed, so it holds whatever was known when it stopped.
     */
    default Map<String, String> details() {
        return Map.of();
    }
}
