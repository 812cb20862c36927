package dev.ferry.importer;

import java.io.IOException;
import java.nio.file.Path;

/** A kind of input `ferry import` and `ferry bundle create` understand (checksummed tree, bundle, OCI layout…). */
public interface InputKind {

    /** The name given to {@code --kind}. */
    String name();

    /** What this kind looks like, for the message when nothing recognises a path. */
    String description();

    /** Cheap check of whether {@code path} looks like this kind (no full read). */
    boolean recognizes(Path path);

    ImportInput open(Path path, ImportOptions options) throws IOException;
}
