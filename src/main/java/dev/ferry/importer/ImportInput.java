package dev.ferry.importer;

import java.io.IOException;

/** One thing to import, already opened and checked for shape; {@link #stage} streams its content into a sink. */
public interface ImportInput {

    /** Short description for journal and messages, e.g. "directory /media/usb/drivers". */
    String describe();

    void stage(ImportSink sink) throws IOException;
}
