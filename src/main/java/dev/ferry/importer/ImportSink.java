package dev.ferry.importer;

import dev.ferry.store.CatalogPath;
import dev.ferry.core.Digest;
import dev.ferry.store.OciRepository;
import dev.ferry.store.StoreTransaction;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * Where an input delivers what it read: the store (an import) or a bundle being written. Inputs
 * only describe content; the sink verifies every blob against what the input expects of it.
 */
public interface ImportSink {

    /**
     * Reads the blob from {@code source} and verifies it.
     *
     * @param entry        names the input in error messages (file name, tar entry…)
     * @param expected     digest the input vouches for, or null when the input has none
     * @param expectedSize size the input vouches for, or -1
     * @return the digest of the bytes read
     */
    Digest putBlob(String entry, BlobSource source, Digest expected, long expectedSize) throws IOException;

    /** Publishes {@code path} as the given blob. */
    void putFile(CatalogPath path, Digest digest, long size, String mediaType, String family,
                 Map<String, String> metadata) throws IOException;

    /**
     * Publishes OCI content under repository {@code name} with add/replace semantics: the given
     * tags replace same-named tags, manifests and blobs are added. Every manifest and blob it
     * lists must have been delivered through {@link #putBlob} or already be stored.
     */
    void putRepository(String name, OciRepository repository) throws IOException;

    /**
     * Drops every tag of repository {@code name} before {@link #putRepository} re-tags it, so the
     * input's tags become the repository's tags ({@code --replace} for OCI input); manifests no tag
     * reaches any more then stay only as the store's retention allows.
     */
    void removeTags(String name) throws IOException;

    /** Drops every published path under {@code prefix} that this import does not put back. */
    void removeUnder(String prefix) throws IOException;

    /**
     * Unpublishes the single {@code path} (a later {@link #putFile} in the same import publishes it
     * again), e.g. a stale signature beside a file that is now published without one.
     */
    void removeFile(CatalogPath path) throws IOException;

    /**
     * The store transaction this sink writes to, for inputs whose acceptance depends on the store's
     * state (a delta bundle's base, a bundle channel's newest import); empty when the sink writes a bundle.
     */
    default Optional<StoreTransaction> transaction() {
        return Optional.empty();
    }

    /**
     * True for {@code ferry repair}: only verified blobs are taken, nothing is published, so checks
     * about what publishing would do (a bundle channel's replay state, a delta's base) do not apply.
     */
    default boolean repairsOnly() {
        return false;
    }

    /** Re-openable bytes, so a sink may read them more than once (a bundle writer does). */
    @FunctionalInterface
    interface BlobSource {
        InputStream open() throws IOException;
    }
}
