package dev.ferry.importer;

import dev.ferry.core.Reasons;
import dev.ferry.store.CatalogPath;
import dev.ferry.core.Digest;
import dev.ferry.store.JournalEntry;
import dev.ferry.store.OciRepository;
import dev.ferry.store.Store;
import dev.ferry.store.StoreTransaction;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * The import pipeline: stream an input into one store transaction, verifying as it goes, then
 * publish atomically. Every attempt, successful or not, is journaled; a failed attempt changes
 * nothing else.
 */
public final class Importer {
    private final Store store;
    private boolean allowDowngrade;

    public Importer(Store store) {
        this.store = store;
    }

    /** Accept an import that makes a served artifact older (--allow-downgrade); refused by default. */
    public Importer allowDowngrade(boolean value) {
        this.allowDowngrade = value;
        return this;
    }

    /** @param progress receives byte counts as content is read */
    public ImportReport run(ImportInput input, LongConsumer progress) throws IOException {
        Instant start = Instant.now();
        String source = input.describe();
        try (StoreTransaction txn = store.begin("import " + source)) {
            TransactionSink sink = new TransactionSink(txn, progress);
            input.stage(sink);
            if (!allowDowngrade) new DowngradeGuard(FreshnessRules.ALL).check(txn.base(), txn.files(), txn.repositories());
            StoreTransaction.CommitResult result = txn.commit();
            ImportReport report = new ImportReport(source, result.generation().number(), result.changed(), sink.files, sink.tags,
                    result.bytesRead(), result.newBlobs(), Duration.between(start, Instant.now()));
            Map<String, String> details = new TreeMap<>(input.details());
            details.put("files", Integer.toString(report.files()));
            details.put("tags", Integer.toString(report.tags()));
            details.put("bytes", Long.toString(report.bytes()));
            details.put("newBlobs", Integer.toString(report.newBlobs()));
            store.journal().append(new JournalEntry(Instant.now(), "import",
                    report.changed() ? JournalEntry.SUCCESS : JournalEntry.UNCHANGED, source, "", report.generation(), details));
            return report;
        } catch (IOException | RuntimeException e) {
            journalFailure(source, e, input.details());
            throw e;
        }
    }

    /**
     * Records an input refused before it could be staged (while it was opened: an unlisted file, a
     * link, a damaged bundle header), so that status, the last-attempt metric and its alert see
     * every failed attempt, not only those that got as far as staging.
     */
    public void refusedAtOpen(String source, Exception e) throws IOException {
        journalFailure(source, e, Map.of());
    }

    private void journalFailure(String source, Exception e, Map<String, String> details) throws IOException {
        store.journal().append(new JournalEntry(Instant.now(), "import", JournalEntry.FAILURE, source, Reasons.of(e),
                store.current().number(), details));
    }

    /** Adapts a store transaction to the sink inputs write to, counting files and reporting progress. */
    static final class TransactionSink implements ImportSink {
        private final StoreTransaction txn;
        private final LongConsumer progress;
        int files;
        int tags;

        TransactionSink(StoreTransaction txn, LongConsumer progress) {
            this.txn = txn;
            this.progress = progress;
        }

        @Override
        public Digest putBlob(String entry, BlobSource source, Digest expected, long expectedSize) throws IOException {
            try (InputStream in = new CountingStream(source.open(), progress)) {
                return txn.putBlob(entry, in, expected, expectedSize);
            }
        }

        @Override
        public void putFile(CatalogPath path, Digest digest, long size, String mediaType, String family,
                            Map<String, String> metadata) throws IOException {
            ReservedPaths.requireServable(path);
            txn.putFile(path, digest, size, mediaType, family, metadata);
            files++;
        }

        @Override
        public void putRepository(String name, OciRepository repository) {
            txn.putRepository(name, repository);
            tags += repository.tags().size();
        }

        @Override
        public void removeTags(String name) {
            txn.removeTags(name);
        }

        @Override
        public void removeUnder(String prefix) {
            txn.removeUnder(prefix);
        }

        @Override
        public void removeFile(CatalogPath path) {
            txn.removeFile(path);
        }

        @Override
        public java.util.Optional<StoreTransaction> transaction() {
            return java.util.Optional.of(txn);
        }
    }

    private static final class CountingStream extends FilterInputStream {
        private final LongConsumer progress;

        CountingStream(InputStream in, LongConsumer progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) progress.accept(1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) progress.accept(n);
            return n;
        }
    }
}
